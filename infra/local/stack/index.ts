export * from './create-resources';
export { isJavaAvailable, JavaMissingError } from './dynamodb-local';
export * from './start-local-stack';
