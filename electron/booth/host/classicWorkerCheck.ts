// A Vite plugin that fails the renderer build when the live parser's worker would not run as the
// CLASSIC worker it is started as (renderer/vision/liveParseWorker.ts says why it must be one):
// Vite bundles every worker in the one worker format, `es`, which a classic worker runs only while
// the bundle is a single chunk with no import, export or import.meta — true today, and checked here
// so that a dependency that splits it is a build error, not a guide that silently never parses.
import type { Plugin } from 'vite';
import { parseAst } from 'vite';

const CLASSIC_WORKER = /(^|\/)liveParseWorker-[\w-]+\.js$/;
const MODULE_SYNTAX = new Set(['ImportDeclaration', 'ExportNamedDeclaration', 'ExportDefaultDeclaration', 'ExportAllDeclaration']);

export function classicWorkerCheck(): Plugin {
  return {
    name: 'gradbooth-classic-worker-check',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_, bundle) {
        const workers = Object.values(bundle).filter((file) => CLASSIC_WORKER.test(file.fileName));
        if (workers.length === 0) this.error('the live parser worker (liveParseWorker) is not in the renderer build');
        for (const file of workers) {
          const code = file.type === 'chunk' ? file.code : typeof file.source === 'string' ? file.source : new TextDecoder().decode(file.source);
          const syntax = parseAst(code).body.find((node) => MODULE_SYNTAX.has(node.type));
          if (syntax || code.includes('import.meta')) this.error(`${file.fileName} is a module (${syntax?.type ?? 'import.meta'}): it cannot run as the classic worker the live parser needs`);
        }
      },
    },
  };
}
