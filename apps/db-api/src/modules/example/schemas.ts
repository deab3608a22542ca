import { z } from 'zod';
import { emailAddress } from '../../actions/email-address.js';

const name = z.string().trim().min(1).max(100).describe('The user name (unique)');
const email = emailAddress;

export const RootInput = z.strictObject({});
export const RootOutput = z.literal(true);

export const FooInput = z.strictObject({ name, email: email.optional() });
export type FooInput = z.infer<typeof FooInput>;
export const FooOutput = z.object({
  name: z.string(),
  email: z.union([z.email(), z.literal(false)]).describe('The e-mail, or false when none was given'),
  time: z.iso.datetime({ offset: true }).describe('Server time (ISO-8601)'),
});

export const UsersInput = z.strictObject({ name });
export const User = z.object({ name: z.string(), email: z.string().nullable() });
export const UsersOutput = z.array(User);

export const AddUsersInput = z.strictObject({
  users: z
    .array(z.strictObject({ name, email: email.optional() }))
    .min(1)
    .max(100)
    .describe('Users to add, all or none'),
});
