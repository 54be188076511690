// Placeholder entry for the 'process-comments' function; the use case lands with the pipeline issue.
export const handler = async (): Promise<never> => {
  throw new Error('process-comments is not implemented yet');
};
