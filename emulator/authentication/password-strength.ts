/**
 * @module emulator/authentication/password-strength
 * The `PasswordStrengthError` body `/dbconnections/signup` answers for a password the
 * connection's policy refuses. Auth0's policy "Good" (the default: at least 8 characters, 3 of
 * the 4 character classes, https://auth0.com/docs/authenticate/database-connections/password-strength)
 * is described rule by rule, each with `verified`, in the `auth0-password-policies` format:
 * `{"name":"PasswordStrengthError","message":"Password is too weak","code":"invalid_password",
 * "description":{"rules":[…],"verified":false},"policy":"* At least 8 characters in length…",
 * "statusCode":400}`. The exact wording of each rule is unconfirmed on live.
 */
import { DbConnectionsError } from './errors.ts';

const CLASSES = [
  { code: 'lowerCase', message: 'lower case letters (a-z)', re: /[a-z]/ },
  { code: 'upperCase', message: 'upper case letters (A-Z)', re: /[A-Z]/ },
  { code: 'numbers', message: 'numbers (i.e. 0-9)', re: /[0-9]/ },
  { code: 'specialCharacters', message: 'special characters (e.g. !@#$%^&*)', re: /[^a-zA-Z0-9]/ },
];

const POLICY_TEXT = [
  '* At least 8 characters in length',
  '* Contain at least 3 of the following 4 types of characters:',
  ...CLASSES.map((c) => ` * ${c.message}`),
].join('\n');

/** The 400 `invalid_password` error for `password`, rule by rule. */
export function passwordStrengthError(password: string): DbConnectionsError {
  const length = [...password].length >= 8;
  const items = CLASSES.map((c) => ({
    message: c.message,
    code: c.code,
    verified: c.re.test(password),
  }));
  const classes = items.filter((i) => i.verified).length >= 3;
  return new DbConnectionsError(
    400,
    'invalid_password',
    {
      rules: [
        {
          message: 'At least %d characters in length',
          format: [8],
          code: 'lengthAtLeast',
          verified: length,
        },
        {
          message: 'Contain at least %d of the following %d types of characters:',
          code: 'containsAtLeast',
          format: [3, 4],
          items,
          verified: classes,
        },
      ],
      verified: false,
    },
    'PasswordStrengthError',
    { message: 'Password is too weak', policy: POLICY_TEXT },
  );
}
