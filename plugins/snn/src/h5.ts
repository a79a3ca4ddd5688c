import h5wasm from 'h5wasm/node';

/** h5wasm's module, loaded once at import (its WebAssembly start is asynchronous; everything after is synchronous). */
await h5wasm.ready;
export { h5wasm };
