// Sizes libuv's thread pool before anything uses it (imported first by main.ts): every upload
// fsyncs two photo files and a folder, and with the default 4 threads concurrent uploads queue
// behind each other's fsyncs although the disk could serve them in parallel.
process.env.UV_THREADPOOL_SIZE ??= '16';
