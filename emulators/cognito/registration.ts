/**
 * A new user as Cognito's SignUp takes one (specs/cognito.md §10.1–10.2): the username pattern, `email` as the
 * required attribute, the password policy with its exact messages, and names unique case-insensitively.
 */
import type { Deps } from './deps.ts'
import { InvalidParameter, UsernameExists } from './errors.ts'
import { passwordPolicyError } from './passwords.ts'
import type { User } from './pool.ts'

export interface Registration {
  username: string
  email: string
  password: string
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u

/** Adds the user, or throws Cognito's error for the first rule it breaks. */
export async function register(
  deps: Pick<Deps, 'users' | 'clock' | 'random' | 'passwords'>,
  { username, email, password }: Registration,
  confirmed: boolean,
): Promise<User> {
  if (!username) throw InvalidParameter('Username cannot be empty')
  if (username.length > 128 || !USERNAME.test(username)) {
    throw InvalidParameter(
      "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
    )
  }
  if (!EMAIL.test(email)) throw InvalidParameter('Invalid email address format.')
  const policy = passwordPolicyError(password)
  if (policy) throw policy
  if (deps.users.find(username)) throw UsernameExists()
  const user: User = {
    username,
    sub: deps.random.uuid(),
    email,
    emailVerified: confirmed,
    status: confirmed ? 'CONFIRMED' : 'UNCONFIRMED',
    passwordHash: await deps.passwords.hash(password),
    createdAt: deps.clock.now().getTime(),
  }
  // Checked again after the await: of two simultaneous sign-ups of one name, exactly one is added.
  if (!deps.users.add(user)) throw UsernameExists()
  return user
}
