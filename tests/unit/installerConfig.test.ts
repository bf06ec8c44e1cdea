// `npm run dist` produces the installers a booth is set up from: electron-builder.yml is checked here
// with electron-builder's own loader and schema (offline: packaging itself downloads Electron), and
// the native addons it ships without a rebuild are checked to really be Node-API binaries.
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  files?: unknown;
  extraResources?: { from: string; to: string; filter?: string[] }[];
  asarUnpack?: string[];
  npmRebuild?: boolean;
  electronFuses?: Record<string, boolean>;
  linux?: { target?: string[]; maintainer?: string };
  win?: { target?: string[] };
}

async function loadBuilderConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require(path.join(root, 'node_modules/app-builder-lib/out/util/config/config.js')) as {
    getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>;
    validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require(path.join(root, 'node_modules/builder-util/out/DebugLogger.js')) as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(root, null, null);
  // throws "Invalid configuration object…" naming the offending key
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('the installer configuration', () => {
  test('electron-builder accepts it and builds AppImage + deb for Linux and NSIS for Windows, with the models as extra resources', async () => {
    const config = await loadBuilderConfig();
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux?.maintainer).toBeTruthy();
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'resources/models', to: 'models' }));
    // getConfig normalises `files` into [{ filter: [...] }]
    const files = JSON.stringify(config.files);
    expect(files).toContain('"out/**"');
    expect(files, "the web host's build stays out of the installer").toContain('"!out/renderer-web/**"');
  });

  test('the packaged binary cannot be turned into a Node shell or debugged from the command line', async () => {
    const config = await loadBuilderConfig();
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
  });

  test('every native addon shipped without a rebuild is a Node-API binary for Linux and Windows, unpacked from the asar', async () => {
    const config = await loadBuilderConfig();
    expect(config.npmRebuild).toBe(false);
    const addons = [
      ['better-sqlite3', 'node_modules/better-sqlite3/prebuilds/linux-x64.node'],
      ['better-sqlite3', 'node_modules/better-sqlite3/prebuilds/win32-x64.node'],
      ['@serialport/bindings-cpp', 'node_modules/@serialport/bindings-cpp/prebuilds/linux-x64/@serialport+bindings-cpp.glibc.node'],
      ['@serialport/bindings-cpp', 'node_modules/@serialport/bindings-cpp/prebuilds/win32-x64/@serialport+bindings-cpp.node'],
      ...(await readdir(path.join(root, 'node_modules/@img/sharp-linux-x64/lib')))
        .filter((file) => file.endsWith('.node'))
        .map((file) => ['sharp', `node_modules/@img/sharp-linux-x64/lib/${file}`]),
    ];
    expect(addons.some(([name]) => name === 'sharp')).toBe(true);
    for (const [name, file] of addons) {
      const binary = (await readFile(path.join(root, file as string))).toString('latin1');
      // Node-API addons export napi_register_module_v1; V8-ABI addons (which would need a rebuild for Electron) node_register_module_v<abi>
      expect(binary.includes('napi_register_module_v1'), `${file} exports napi_register_module_v1`).toBe(true);
      expect(binary.includes('node_register_module_v'), `${file} is tied to one Node ABI`).toBe(false);
      expect(config.asarUnpack, `${name} is unpacked`).toContain(`node_modules/${name}/**`);
    }
  });
});
