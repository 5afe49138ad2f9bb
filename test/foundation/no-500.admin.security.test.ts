// The robustness sweep (./no-500.ts), every operation and page, as the council's administrator.
import { createHarness } from "../harness.js";
import { sweepAs } from "./no-500.js";

sweepAs("admin", createHarness);
