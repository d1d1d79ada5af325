import type { Route } from '../../lib/routes';
import { authSchemas } from '../auth/schemas';
import { chatSchemas } from '../chat/schemas';
import { clicksSchemas } from '../clicks/schemas';
import { locationsSchemas } from '../locations/schemas';
import { parksSchemas } from '../parks/schemas';
import { quizSchemas } from '../quiz/schemas';
import type { OperationSchema } from '../shared/http';
import { opsSchemas } from './schemas';

const schemasByArea: Record<Route['area'], Record<string, OperationSchema>> = {
  ops: opsSchemas,
  auth: authSchemas,
  clicks: clicksSchemas,
  parks: parksSchemas,
  quiz: quizSchemas,
  locations: locationsSchemas,
  chat: chatSchemas,
};

/** The schemas that validate a route's requests, as its area's handler uses them. */
export const schemaOf = (route: Pick<Route, 'area' | 'operationId'>): OperationSchema =>
  schemasByArea[route.area][route.operationId];
