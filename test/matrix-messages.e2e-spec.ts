import { messagesSide } from './support/matrix/client-sides';
import { describeMatrix } from './support/matrix/describe-matrix';

/** The conversion matrix, Anthropic Messages column: every scenario against every upstream type (see describe-matrix.ts). */
describe('conversion matrix: Anthropic Messages client', () => {
  describeMatrix((gw) => messagesSide(gw.anthropic()));
});
