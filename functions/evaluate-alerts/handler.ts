// Placeholder entry for the 'evaluate-alerts' function; the use case lands with the pipeline issue.
export const handler = async (): Promise<never> => {
  throw new Error('evaluate-alerts is not implemented yet');
};
