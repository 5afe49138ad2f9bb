// The robustness sweep (./no-500.ts), every operation and page, as a provider's user.
import { createHarness } from "../harness.js";
import { sweepAs } from "./no-500.js";

sweepAs("providerUser", createHarness);
