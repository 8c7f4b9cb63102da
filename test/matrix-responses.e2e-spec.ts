import { responsesSide } from './support/matrix/client-sides';
import { describeMatrix } from './support/matrix/describe-matrix';

/** The conversion matrix, OpenAI Responses column: every scenario against every upstream type (see describe-matrix.ts). */
describe('conversion matrix: OpenAI Responses client', () => {
  describeMatrix((gw) => responsesSide(gw.openai()));
});
