import { addUsers, bar, foo, root, users } from './actions.js';

/** The action table: URL segment → action, as the seed's routes.py. */
export const routes = {
  '': root,
  foo,
  bar,
  users,
  'add-users': addUsers,
};
