export { MAX_PATTERN_LENGTH, MAX_PATTERNS } from "./custom-patterns.js";
export { FINDING_KINDS, type Finding, type FindingKind, placeholder } from "./finding.js";
export { MAX_DEPTH } from "./json-masker.js";
export { type Masked, Masker, type MaskRules } from "./masker.js";
export { createMaskingService, MAX_INPUT_BYTES } from "./masking-service.js";
