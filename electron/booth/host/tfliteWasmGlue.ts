// The Emscripten glue of @tensorflow/tfjs-tflite, rewritten so it runs under the kiosk's
// Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval', no 'unsafe-eval'): its embind code
// builds four kinds of function with `new Function`, which that policy refuses. Each is replaced by
// the closure Emscripten itself emits when built with DYNAMIC_EXECUTION=0; everything else is the
// package's own file. The package is pinned exactly, so a glue that no longer matches is a build error.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './projectRoot.ts';

export const TFLITE_WASM_DIR = path.join(projectRoot, 'node_modules', '@tensorflow', 'tfjs-tflite', 'wasm');

/** The files the loader picks from without cross-origin isolation (no threads): with and without SIMD. */
export const TFLITE_WASM_FILES = ['tflite_web_api_cc_simd.js', 'tflite_web_api_cc_simd.wasm', 'tflite_web_api_cc.js', 'tflite_web_api_cc.wasm'] as const;

const NAMED_FUNCTION = /function createNamedFunction\(name,body\)\{name=makeLegalFunctionName\(name\);return new Function\([^]*?\)\(body\)\}/;
const NAMED_FUNCTION_SAFE =
  'function createNamedFunction(name,body){name=makeLegalFunctionName(name);return{[name]:function(){return body.apply(this,arguments)}}[name]}';

const INVOKER = /var argsList="";var argsListWired="";for[^]*?var invokerFunction=new_\(Function,args1\)\.apply\(null,args2\);return invokerFunction\}/;
const INVOKER_SAFE = `var expected=argCount-2;return function(){if(arguments.length!==expected){throwBindingError("function "+humanName+" called with "+arguments.length+" arguments, expected "+expected+" args!")}
var destructors=needsDestructorStack?[]:null;var wired=[cppTargetFunc];var thisWired;
if(isClassMethodFunc){thisWired=argTypes[1].toWireType(destructors,this);wired.push(thisWired)}
for(var i=0;i<expected;++i){wired.push(argTypes[i+2].toWireType(destructors,arguments[i]))}
var rv=cppInvokerFunc.apply(null,wired);
if(needsDestructorStack){runDestructors(destructors)}else{for(var j=isClassMethodFunc?1:2;j<argTypes.length;++j){if(argTypes[j].destructorFunction!==null){argTypes[j].destructorFunction(j===1?thisWired:wired[j-(isClassMethodFunc?0:1)])}}}
if(returns){return argTypes[0].fromWireType(rv)}}}`;

const ALLOCATOR = /function craftEmvalAllocator\(argCount\)\{[^]*?return new Function\("requireRegisteredType","Module","valueToHandle","getMemory",functionBody\)\(requireRegisteredType,Module,Emval\.toHandle,getMemory\)\}/;
const ALLOCATOR_SAFE = `function craftEmvalAllocator(argCount){return function(constructor,argTypes,args){var values=new Array(argCount);
for(var i=0;i<argCount;++i){var type=requireRegisteredType(HEAPU32[argTypes>>2],"parameter "+i);values[i]=type.readValueFromPointer(args);args+=type["argPackAdvance"];argTypes+=4}
return Emval.toHandle(Reflect.construct(constructor,values))}}`;

const METHOD_CALLER = /var params=\["retType"\];var args=\[retType\];[^]*?var invokerFunction=new_\(Function,params\)\.apply\(null,args\);/;
const METHOD_CALLER_SAFE = `var argTypesOf=types.slice(1);var invokerFunction=function(handle,name,destructors,args){var values=new Array(argCount-1);var offset=0;
for(var i=0;i<argCount-1;++i){values[i]=argTypesOf[i].readValueFromPointer(args+offset);offset+=argTypesOf[i]["argPackAdvance"]}
var rv=handle[name].apply(handle,values);for(var k=0;k<argCount-1;++k){if(argTypesOf[k]["deleteObject"]){argTypesOf[k].deleteObject(values[k])}}
if(!retType.isVoid){return retType.toWireType(destructors,rv)}};`;

function replaceOnce(source: string, pattern: RegExp, replacement: string, what: string): string {
  if (!pattern.test(source)) throw new Error(`tfjs-tflite glue: ${what} not found; the pinned version changed?`);
  return source.replace(pattern, () => replacement);
}

/** The glue source with no dynamic code generation left. */
export function cspSafeGlue(source: string): string {
  let out = replaceOnce(source, NAMED_FUNCTION, NAMED_FUNCTION_SAFE, 'createNamedFunction');
  out = replaceOnce(out, INVOKER, INVOKER_SAFE, 'craftInvokerFunction');
  out = replaceOnce(out, METHOD_CALLER, METHOD_CALLER_SAFE, '__emval_get_method_caller');
  out = replaceOnce(out, ALLOCATOR, ALLOCATOR_SAFE, 'craftEmvalAllocator');
  if (/new Function|new_\(Function|\beval\(/.test(out)) throw new Error('tfjs-tflite glue: dynamic code left after the rewrite');
  return out;
}

/** One of TFLITE_WASM_FILES as served to the page: the .js rewritten, the .wasm as shipped. */
export function tfliteWasmFile(file: string): Buffer {
  const bytes = readFileSync(path.join(TFLITE_WASM_DIR, file));
  return file.endsWith('.js') ? Buffer.from(cspSafeGlue(bytes.toString('utf8'))) : bytes;
}
