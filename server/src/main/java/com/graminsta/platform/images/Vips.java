package com.graminsta.platform.images;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * The few libvips calls the image pipeline makes, through Java's FFM API (libvips.so.42, 8.13 or
 * newer). Loaded once per process; {@link #get()} fails with an explanation when it cannot be.
 *
 * <p>Only the decoders for accepted formats are allowed to run: every other loader (SVG, PDF,
 * ImageMagick, ...) is blocked, so bytes that slipped past the format check still reach nothing
 * but a JPEG, PNG, WebP, GIF or HEIF decoder.
 *
 * <p>libvips takes C varargs lists of option names and values ended by NULL; each call shape
 * below is its own downcall handle with the variadic part declared.
 */
final class Vips {

    static final int INTERPRETATION_SRGB = 22;
    static final int FORMAT_UCHAR = 0;
    static final int SIZE_DOWN = 2;
    /** libvips's largest coordinate; as a thumbnail height it means "whatever the width gives". */
    static final int MAX_COORD = 10_000_000;

    private static final Linker C = Linker.nativeLinker();
    private static final List<String> LIBRARY_NAMES = List.of("libvips.so.42", "libvips.42.dylib", "libvips-42.dll");
    private static final List<String> ALLOWED_LOADERS = List.of(
            "VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadNsgif", "VipsForeignLoadHeif");

    private static volatile Object instance;

    final MethodHandle errorBuffer;
    final MethodHandle errorClear;
    final MethodHandle imageNewFromBuffer;
    final MethodHandle imageGetWidth;
    final MethodHandle imageGetHeight;
    final MethodHandle imageGetBands;
    final MethodHandle imageGetInt;
    final MethodHandle imageGetTypeof;
    final MethodHandle imageHasAlpha;
    final MethodHandle imageCopyMemory;
    final MethodHandle imageWriteToMemory;
    final MethodHandle thumbnailBuffer;
    final MethodHandle resize;
    final MethodHandle extractArea;
    final MethodHandle flatten;
    final MethodHandle colourspace;
    final MethodHandle cast;
    final MethodHandle jpegsaveBuffer;
    final MethodHandle arrayDoubleNew;
    final MethodHandle areaUnref;
    final MethodHandle typeFind;
    final MethodHandle gFree;
    final MethodHandle gObjectUnref;
    final String version;

    private Vips(SymbolLookup library) {
        Lookup lookup = new Lookup(library);
        MethodHandle init = lookup.function("vips_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        MethodHandle versionString = lookup.function("vips_version_string", FunctionDescriptor.of(ADDRESS));
        MethodHandle cacheSetMax = lookup.function("vips_cache_set_max", FunctionDescriptor.ofVoid(JAVA_INT));
        MethodHandle blockUntrusted = lookup.optional("vips_block_untrusted_set", FunctionDescriptor.ofVoid(JAVA_INT));
        MethodHandle operationBlock = lookup.optional("vips_operation_block_set", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        if (blockUntrusted == null || operationBlock == null) {
            throw new IllegalStateException("libvips is older than 8.13, which Graminsta needs to block unsafe image loaders");
        }
        errorBuffer = lookup.function("vips_error_buffer", FunctionDescriptor.of(ADDRESS));
        errorClear = lookup.function("vips_error_clear", FunctionDescriptor.ofVoid());
        imageNewFromBuffer = lookup.variadic("vips_image_new_from_buffer", 3, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS);
        imageGetWidth = lookup.function("vips_image_get_width", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        imageGetHeight = lookup.function("vips_image_get_height", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        imageGetBands = lookup.function("vips_image_get_bands", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        imageGetInt = lookup.function("vips_image_get_int", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        imageGetTypeof = lookup.function("vips_image_get_typeof", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS));
        imageHasAlpha = lookup.function("vips_image_hasalpha", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        imageCopyMemory = lookup.function("vips_image_copy_memory", FunctionDescriptor.of(ADDRESS, ADDRESS));
        imageWriteToMemory = lookup.function("vips_image_write_to_memory", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        // vips_thumbnail_buffer(buf, len, &out, width, "height", h, "size", s, "export_profile", p, "option_string", o, NULL)
        thumbnailBuffer = lookup.variadic("vips_thumbnail_buffer", 4, JAVA_INT,
                ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT,
                ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        // vips_resize(in, &out, scale, NULL)
        resize = lookup.variadic("vips_resize", 3, JAVA_INT, ADDRESS, ADDRESS, JAVA_DOUBLE, ADDRESS);
        // vips_extract_area(in, &out, left, top, width, height, NULL)
        extractArea = lookup.variadic("vips_extract_area", 6, JAVA_INT,
                ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
        // vips_flatten(in, &out, "background", array, NULL)
        flatten = lookup.variadic("vips_flatten", 2, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        // vips_colourspace(in, &out, space, NULL)
        colourspace = lookup.variadic("vips_colourspace", 3, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
        // vips_cast(in, &out, format, NULL)
        cast = lookup.variadic("vips_cast", 3, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
        // vips_jpegsave_buffer(in, &buf, &len, "Q", q, "strip", 1, "optimize_coding", 1, "interlace", i, NULL)
        jpegsaveBuffer = lookup.variadic("vips_jpegsave_buffer", 3, JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
        arrayDoubleNew = lookup.function("vips_array_double_new", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        areaUnref = lookup.function("vips_area_unref", FunctionDescriptor.ofVoid(ADDRESS));
        typeFind = lookup.function("vips_type_find", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS));
        gFree = lookup.function("g_free", FunctionDescriptor.ofVoid(ADDRESS));
        gObjectUnref = lookup.function("g_object_unref", FunctionDescriptor.ofVoid(ADDRESS));

        try (Arena arena = Arena.ofConfined()) {
            if ((int) init.invokeExact(arena.allocateFrom("graminsta")) != 0) {
                throw new IllegalStateException("vips_init failed: " + lastError());
            }
            // Every upload is new; caching operations on them only holds memory.
            cacheSetMax.invokeExact(0);
            blockUntrusted.invokeExact(1);
            operationBlock.invokeExact(arena.allocateFrom("VipsForeignLoad"), 1);
            for (String loader : ALLOWED_LOADERS) {
                operationBlock.invokeExact(arena.allocateFrom(loader), 0);
            }
            version = ((MemorySegment) versionString.invokeExact()).reinterpret(64).getString(0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The process's libvips, loaded and initialised on first use. */
    static Vips get() {
        Object loaded = instance;
        if (loaded == null) {
            synchronized (Vips.class) {
                loaded = instance;
                if (loaded == null) {
                    loaded = load();
                    instance = loaded;
                }
            }
        }
        if (loaded instanceof IllegalStateException failure) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
        return (Vips) loaded;
    }

    private static Object load() {
        IllegalArgumentException notFound = null;
        for (String name : LIBRARY_NAMES) {
            try {
                return new Vips(SymbolLookup.libraryLookup(name, Arena.global()));
            } catch (IllegalArgumentException e) {
                notFound = e;
            } catch (IllegalStateException e) {
                return e;
            }
        }
        IllegalStateException failure = new IllegalStateException(
                "libvips (libvips.so.42, 8.13 or newer) was not found; photos cannot be processed without it. "
                        + "Install it (Debian and Ubuntu: apt-get install libvips42; macOS: brew install vips), "
                        + "or run this instance without the worker role (GRAMINSTA_ROLES without worker).");
        failure.addSuppressed(notFound);
        return failure;
    }

    /** Whether a loader or other operation by this nickname exists, such as heifload_buffer. */
    boolean hasOperation(String nickname) {
        try (Arena arena = Arena.ofConfined()) {
            return (long) typeFind.invokeExact(arena.allocateFrom("VipsOperation"), arena.allocateFrom(nickname)) != 0;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Takes and clears libvips's error text, which is per process, for a failure just seen. */
    String lastError() {
        try {
            String text = ((MemorySegment) errorBuffer.invokeExact()).reinterpret(4096).getString(0).strip();
            errorClear.invokeExact();
            return text;
        } catch (Throwable e) {
            return "unknown libvips error";
        }
    }

    void unref(MemorySegment object) {
        if (object != null && !object.equals(MemorySegment.NULL)) {
            try {
                gObjectUnref.invokeExact(object);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }
    }

    void free(MemorySegment pointer) {
        if (pointer != null && !pointer.equals(MemorySegment.NULL)) {
            try {
                gFree.invokeExact(pointer);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }
    }

    static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }

    private record Lookup(SymbolLookup library) {

        MethodHandle function(String name, FunctionDescriptor descriptor) {
            return C.downcallHandle(library.findOrThrow(name), descriptor);
        }

        MethodHandle optional(String name, FunctionDescriptor descriptor) {
            return library.find(name).map(symbol -> C.downcallHandle(symbol, descriptor)).orElse(null);
        }

        /** A varargs function: arguments from {@code firstVariadic} on are passed the C varargs way. */
        MethodHandle variadic(String name, int firstVariadic, MemoryLayout result, MemoryLayout... arguments) {
            return C.downcallHandle(library.findOrThrow(name), FunctionDescriptor.of(result, arguments),
                    Linker.Option.firstVariadicArg(firstVariadic));
        }
    }
}
