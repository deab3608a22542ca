import { z } from '@platform/settings';
import { minimumTokenLength } from './accepted-tokens-setting.js';

/**
 * The shared setting of the one token a client sends (grpc-frontend's BACKEND_TOKEN): not a list,
 * so a server's rotation list `old,new` copied into it is refused instead of sent whole.
 * Problems never echo the value.
 */
export const clientTokenSetting = z
  .string()
  .refine(
    (value) => !value.includes(','),
    "one token, not a list (a server's BEARER may list several: send one of them)",
  )
  .refine((value) => value.length >= minimumTokenLength, `needs at least ${minimumTokenLength} characters`)
  .refine(
    (value) => /^[\x21-\x7e]*$/.test(value),
    'printable ASCII without spaces (what a Bearer header carries)',
  );
