import { defineModule } from '../../actions/define-module.js';
import { routes } from './routes.js';

export const exampleModule = defineModule({
  name: 'example',
  description: 'The seed example: foo, bar and a users table',
  actions: routes,
});
