/** The user pool as the product needs it; the CDK data stack and the local bootstrap both read this. */
export const userPoolDefinition = {
  /** Passwords are 8–128 characters; the API validates the upper bound, Cognito the lower. */
  passwordMinLength: 8,
  accessTokenValidityMinutes: 60,
  idTokenValidityMinutes: 60,
  refreshTokenValidityDays: 30,
  /** Attribute that keeps the username as typed; the Cognito username is its lower-case form. */
  displayNameAttribute: 'preferred_username',
} as const;
