package com.graminsta.platform.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Stage 1's media store: files in a folder ({@code <data dir>/media} unless configured), served by
 * this server at /media (see {@link MediaStorage}). Private keys live in a folder beside it, such
 * as {@code <data dir>/media-private}, out of the served tree.
 */
class LocalMediaStore implements MediaStore {

    /** Keys are paths of safe segments: no "..", no absolute paths, nothing to escape the root. */
    private static final Pattern SAFE_KEY = Pattern.compile("[a-z0-9_-]+(/[a-z0-9_-]+)*\\.[a-z0-9]+");

    private final Path root;
    private final Path privateRoot;
    private final String baseUrl;

    LocalMediaStore(Path root, String baseUrl) {
        this.root = root;
        this.privateRoot = root.resolveSibling(root.getFileName() + "-private");
        this.baseUrl = baseUrl;
    }

    Path root() {
        return root;
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        Path target = resolve(key);
        try {
            Files.createDirectories(target.getParent());
            // Write aside, then move into place: a reader never sees half a file.
            Path temporary = Files.createTempFile(target.getParent(), ".upload", ".tmp");
            Files.write(temporary, bytes);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store " + key, e);
        }
    }

    @Override
    public InputStream open(String key) {
        try {
            return Files.newInputStream(resolve(key));
        } catch (NoSuchFileException e) {
            throw new MediaNotFoundException(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public OptionalLong size(String key) {
        try {
            return OptionalLong.of(Files.size(resolve(key)));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(String key) {
        Path file = resolve(key);
        try {
            Files.deleteIfExists(file);
            // A variant folder (attachments/<random>/) goes with its last file; top-level folders stay,
            // so a concurrent put never finds its folder removed under it.
            Path base = MediaStore.isPrivate(key) ? privateRoot : root;
            Path folder = file.getParent();
            if (base.relativize(folder).getNameCount() >= 2) {
                Files.deleteIfExists(folder);
            }
        } catch (DirectoryNotEmptyException e) {
            // other files of the same upload remain
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + key, e);
        }
    }

    @Override
    public String url(String key) {
        if (MediaStore.isPrivate(key)) {
            throw new IllegalArgumentException("Private media has no public URL: " + key);
        }
        return baseUrl + "/" + key;
    }

    private Path resolve(String key) {
        if (!SAFE_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("Not a media key: " + key);
        }
        return MediaStore.isPrivate(key) ? privateRoot.resolve(key.substring(PRIVATE_PREFIX.length())) : root.resolve(key);
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }
}
