// The robustness sweep (./no-500.ts), every operation and page, as a representative of a user group linked
// to the tenant's contract.
import { createHarness } from "../harness.js";
import { sweepAs } from "./no-500.js";

sweepAs("representative", createHarness);
