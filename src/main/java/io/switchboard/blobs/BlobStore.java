package io.switchboard.blobs;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.platform.error.AttachmentTooLarge;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Blob files on disk: {@code <directory>/<first two characters of the id>/<id>}. An upload is written
 * to {@code <directory>/.incoming/} and synced, then renamed into place atomically, so a blob file is
 * either complete or absent.
 */
@ApplicationScoped
public class BlobStore {

    private static final Logger LOG = Logger.getLogger(BlobStore.class);
    private static final String INCOMING = ".incoming";
    /** Files left in {@code .incoming} by a crash are removed at start once they are this old (another node may be writing). */
    private static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    private final Path directory;
    private final Path incoming;
    private final long maxBytes;
    private final Clock clock;

    BlobStore(SwitchboardConfig config, Clock clock) {
        this.directory = Path.of(config.blobs().directory().orElse(Path.of(config.dataDir(), "blobs").toString()))
                .toAbsolutePath().normalize();
        this.incoming = directory.resolve(INCOMING);
        this.maxBytes = config.blobs().maxBytes();
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) throws IOException {
        Files.createDirectories(incoming);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(incoming)) {
            for (Path file : leftovers) {
                FileTime modified = Files.getLastModifiedTime(file);
                if (modified.toInstant().isBefore(clock.instant().minus(ABANDONED_AFTER))) {
                    Files.deleteIfExists(file);
                }
            }
        }
        LOG.infof("Attachment blobs are stored in %s", directory);
    }

    public Path directory() {
        return directory;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** An upload written and synced to a temporary file, not yet visible. */
    public record Incoming(Path file, long size) {
    }

    /**
     * Copies the body to a temporary file, refusing it as soon as it passes {@link #maxBytes()} or if it
     * ends below {@code minBytes}; a refused or failed upload leaves no file behind.
     */
    public Incoming receive(InputStream body, long minBytes) {
        Path file;
        try {
            Files.createDirectories(incoming);
            file = Files.createTempFile(incoming, "upload-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean kept = false;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[64 * 1024];
            long size = 0;
            for (int read; (read = readBody(body, buffer)) >= 0; ) {
                size += read;
                if (size > maxBytes) {
                    throw new AttachmentTooLarge(maxBytes);
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            if (size < minBytes) {
                throw UploadRefused.tooSmall(minBytes);
            }
            out.force(true);
            kept = true;
            return new Incoming(file, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!kept) {
                deleteQuietly(file);
            }
        }
    }

    private static int readBody(InputStream body, byte[] buffer) {
        try {
            return body.read(buffer);
        } catch (IOException e) {
            throw UploadRefused.incomplete();
        }
    }

    /** Forgets an upload that will not be published. */
    public void discard(Incoming upload) {
        deleteQuietly(upload.file());
    }

    /** Makes an upload visible under its id with one atomic rename; on failure the upload is deleted. */
    public void publish(Incoming upload, String id) {
        Path target = path(id);
        boolean moved = false;
        try {
            Files.createDirectories(target.getParent());
            Files.move(upload.file(), target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            syncDirectory(target.getParent());
        } catch (AtomicMoveNotSupportedException e) {
            throw new IllegalStateException("the blob directory " + directory + " must be on one file system", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!moved) {
                deleteQuietly(upload.file());
            }
        }
    }

    /** The file of a stored blob, if it is there. */
    public Optional<Path> find(String id) {
        Path file = path(id);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    public void delete(String id) {
        deleteQuietly(path(id));
    }

    /** Ids are b64u (checked by the caller), so they are safe as file names. */
    Path path(String id) {
        return directory.resolve(id.substring(0, 2)).resolve(id);
    }

    private static void syncDirectory(Path dir) {
        // Makes the rename itself durable; not every platform can open a directory, and that is fine.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debugf("could not sync directory %s: %s", dir, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", file, e);
        }
    }
}
