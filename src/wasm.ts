// A WebAssembly module of ours (its bytes as base64, built by scripts/build-wasm.mjs), compiled once
// per thread, when first asked for; null where it cannot be (no WebAssembly: node --jitless).
export function compiledOnce(base64: string): () => WebAssembly.Module | null {
  let module: WebAssembly.Module | null | undefined;
  return () => {
    if (module === undefined) {
      try {
        module = new WebAssembly.Module(Buffer.from(base64, 'base64'));
      } catch {
        module = null;
      }
    }
    return module;
  };
}
