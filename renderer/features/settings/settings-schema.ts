// The contract's settings schema for the form's own check before saving. Loaded when a form is saved,
// not with the first paint: zod is the largest library the UI has.
import '../../lib/zod-setup.js';

export { nodeSettingsPatchSchema } from '../../../common/node-settings.js';
