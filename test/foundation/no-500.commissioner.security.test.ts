// The robustness sweep (./no-500.ts), every operation and page, as a commissioner.
import { createHarness } from "../harness.js";
import { sweepAs } from "./no-500.js";

sweepAs("commissioner", createHarness);
