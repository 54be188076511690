// Placeholder entry for the 'schedule-collection' function; the use case lands with the pipeline issue.
export const handler = async (): Promise<never> => {
  throw new Error('schedule-collection is not implemented yet');
};
