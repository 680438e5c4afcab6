package sdk

// Version is the release of wasmgear: the Go module's vX.Y.Z tag without the "v", and the
// npm package's version (web/package.json), kept equal by a test.
const Version = "0.1.0"
