// Vite's import suffixes (?url, CSS side-effect imports) for the type checker.
/// <reference types="vite/client" />
