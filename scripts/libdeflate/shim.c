/*
 * The exports of src/xlsx/libdeflate-wasm.ts's module: libdeflate's compressor (built freestanding
 * for wasm32 by build.mjs) with a bump allocator. Compressors are allocated once, when the instance
 * is made; nothing allocates after, so src/xlsx/wasm-deflate.ts owns the memory above them.
 */
#include <stddef.h>
#include "libdeflate.h"

extern unsigned char __heap_base;
static size_t heap_top = (size_t)&__heap_base;

static void *bump_malloc(size_t size)
{
	size_t at = (heap_top + 15) & ~(size_t)15;
	size_t end = at + size;
	size_t have = __builtin_wasm_memory_size(0) * 65536;
	if (end > have) {
		size_t pages = (end - have + 65535) / 65536;
		if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1)
			return NULL;
	}
	heap_top = end;
	return (void *)at;
}

static void bump_free(void *ptr)
{
	(void)ptr;
}

__attribute__((export_name("alloc_compressor")))
struct libdeflate_compressor *alloc_compressor(int level)
{
	struct libdeflate_options options = {
		.sizeof_options = sizeof(options),
		.malloc_func = bump_malloc,
		.free_func = bump_free,
	};
	return libdeflate_alloc_compressor_ex(level, &options);
}

__attribute__((export_name("compress")))
size_t compress(struct libdeflate_compressor *c, const void *in, size_t in_nbytes,
		void *out, size_t out_nbytes_avail)
{
	return libdeflate_deflate_compress(c, in, in_nbytes, out, out_nbytes_avail);
}

__attribute__((export_name("compress_chunk")))
size_t compress_chunk(struct libdeflate_compressor *c, const void *in, size_t in_nbytes,
		      void *out, size_t out_nbytes_avail)
{
	return libdeflate_deflate_compress_chunk(c, in, in_nbytes, out, out_nbytes_avail);
}

__attribute__((export_name("compress_bound")))
size_t compress_bound(struct libdeflate_compressor *c, size_t in_nbytes)
{
	/* A chunk's end adds an empty stored block: at most 2 bytes of header and padding, and 4. */
	return libdeflate_deflate_compress_bound(c, in_nbytes) + 6;
}
