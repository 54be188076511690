// Placeholder entry for the 'export-benchmarks' function; the use case lands with the pipeline issue.
export const handler = async (): Promise<never> => {
  throw new Error('export-benchmarks is not implemented yet');
};
