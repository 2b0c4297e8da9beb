/**
 * `npm run fidelity -- <capture.json> [--reference <capture.json>]`: every difference between
 * a capture of a journey (`ul-capture.json`, e.g. from a live tenant) and what the embedded
 * tenant shows on the same journey (helpers/capture/fidelity.ts). Exit 0 on no difference, 1 on
 * differences, 2 when it could not compare.
 */
import { runFidelity } from '../helpers/capture/fidelity.ts';

process.exitCode = runFidelity(process.argv.slice(2));
