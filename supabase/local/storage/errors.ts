// Errors as Supabase Storage renders them: a JSON body `{statusCode, code, error, message}` where
// `statusCode` is the logical status as a string, while the HTTP status itself is 400 for every
// client error and 500 for server errors (upstream `StorageBackendError.userStatusCode`). Only a
// few routes answer with the logical status (403 for a missing or invalid role).
export class StorageHttpError extends Error {
  constructor(
    readonly logicalStatus: number,
    readonly code: string,
    message: string,
    /** The legacy `error` field; upstream falls back to `code`. */
    readonly error?: string,
    /** The HTTP status; 400 unless the error is a server error, as upstream. */
    readonly httpStatus = logicalStatus >= 500 ? 500 : 400,
  ) {
    super(message)
  }

  body() {
    return {
      statusCode: String(this.logicalStatus),
      code: this.code,
      error: this.error ?? this.code,
      message: this.message,
    }
  }
}

export const ERRORS = {
  noSuchBucket: () =>
    new StorageHttpError(404, 'NoSuchBucket', 'Bucket not found', 'Bucket not found'),
  noSuchKey: () => new StorageHttpError(404, 'NoSuchKey', 'Object not found', 'not_found'),
  invalidKey: (key: string) => new StorageHttpError(400, 'InvalidKey', `Invalid key: ${key}`),
  invalidBucketName: () =>
    new StorageHttpError(400, 'InvalidBucketName', 'Bucket name invalid', 'Invalid Input'),
  keyAlreadyExists: () =>
    new StorageHttpError(409, 'KeyAlreadyExists', 'The resource already exists', 'Duplicate'),
  bucketAlreadyExists: () =>
    new StorageHttpError(409, 'BucketAlreadyExists', 'The resource already exists', 'Duplicate'),
  bucketNotEmpty: () =>
    new StorageHttpError(409, 'InvalidRequest', 'The bucket you tried to delete is not empty'),
  accessDenied: (message = 'Access denied') =>
    new StorageHttpError(403, 'AccessDenied', message, 'Unauthorized'),
  /** The JWT checks answer with a real 403 (upstream `withStatusCode(403)`). */
  accessDenied403: (message: string) =>
    new StorageHttpError(403, 'AccessDenied', message, 'Unauthorized', 403),
  invalidJwt: (message = 'Invalid JWT') => new StorageHttpError(400, 'InvalidJWT', message),
  invalidSignature: (message = 'Invalid signature') =>
    new StorageHttpError(400, 'InvalidSignature', message),
  invalidMimeType: (mime: string) =>
    new StorageHttpError(
      415,
      'InvalidMimeType',
      `mime type ${mime} is not supported`,
      'invalid_mime_type',
    ),
  /** Not upstream: the local Storage also reads the first bytes of every upload. */
  contentMismatch: (mime: string) =>
    new StorageHttpError(
      415,
      'InvalidMimeType',
      `the content of the file does not match mime type ${mime}`,
      'invalid_mime_type',
    ),
  entityTooLarge: () =>
    new StorageHttpError(
      413,
      'EntityTooLarge',
      'The object exceeded the maximum allowed size',
      'Payload too large',
    ),
  invalidRequest: (message: string) => new StorageHttpError(400, 'InvalidRequest', message),
  missingParameter: (name: string) =>
    new StorageHttpError(400, 'MissingParameter', `Missing Required Parameter ${name}`),
  notFound: () => new StorageHttpError(404, 'NotFound', 'Route not found', 'Not Found', 404),
  internal: (message = 'Internal server error') =>
    new StorageHttpError(500, 'InternalError', message, 'Internal'),
}

/** A Postgres error from a query run as the caller, rendered as Storage renders it. */
export function fromDatabaseError(e: unknown): StorageHttpError {
  if (e instanceof StorageHttpError) return e
  const err = e as { code?: string; message?: string }
  switch (err.code) {
    case '42501': // insufficient_privilege: RLS refused the row, or a grant is missing
      return ERRORS.accessDenied(err.message)
    case '23505':
      return ERRORS.keyAlreadyExists()
    case '23503':
      return ERRORS.noSuchBucket()
    case 'P0001': // raise exception in a policy helper or trigger: the caller's fault
    case '22023':
    case '23514':
    case '22001':
      return new StorageHttpError(400, 'InvalidRequest', err.message ?? 'Invalid request')
    case '57014':
      return new StorageHttpError(
        544,
        'DatabaseTimeout',
        'Database query timed out',
        'DatabaseTimeout',
        544,
      )
    default:
      return new StorageHttpError(
        500,
        'DatabaseError',
        err.message ?? 'Database error',
        'DatabaseError',
      )
  }
}
