// Placeholder entry for the 'collect-creator' function; the use case lands with the pipeline issue.
export const handler = async (): Promise<never> => {
  throw new Error('collect-creator is not implemented yet');
};
