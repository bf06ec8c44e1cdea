// The package's "module" entry imports files it does not ship; its single-file ES build is complete
// and has the same exports as its typed entry.
declare module '@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js' {
  export * from '@tensorflow/tfjs-tflite';
}
