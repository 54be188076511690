// Placeholder entry for the 'process-metrics' function; the use case lands with the pipeline issue.
export const handler = async (): Promise<never> => {
  throw new Error('process-metrics is not implemented yet');
};
