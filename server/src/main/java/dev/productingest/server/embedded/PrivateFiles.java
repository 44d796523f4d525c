package dev.productingest.server.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * Directories and password files that only their owner can read (POSIX 0700 and 0600), for the embedded stores on a
 * machine other users share. Where the file system has no POSIX permissions (Windows), files take the access rules of
 * the directory they are made in.
 */
final class PrivateFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static UserPrincipal currentUser;

    private PrivateFiles() {}

    /** The directory, made (with its parents) if missing, entered by its owner only. */
    static Path directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, ownerOnly(OWNER_ONLY_DIRECTORY));
            } catch (FileAlreadyExistsException madeMeanwhile) {
                if (!Files.isDirectory(dir)) {
                    throw new IOException(
                            dir + " is a file, not a directory: choose another place for the embedded stores");
                }
            }
        }
        ownedByThisUser(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIRECTORY);
        }
        return dir;
    }

    /**
     * A new random password: 32 bytes from a strong source, in hex, so that it goes into a URL or a configuration line
     * as it is.
     */
    static String newPassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Writes the password to a new file that only its owner can read; fails if the file exists. */
    static void writePassword(Path file, String password) throws IOException {
        write(file, password + "\n");
    }

    /** Writes the text to a new file that only its owner can read; fails if the file exists. */
    static void write(Path file, String text) throws IOException {
        Files.createFile(file, ownerOnly(OWNER_ONLY_FILE));
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** The password in the file, after narrowing the file to its owner (a copy may have widened it). */
    static String readPassword(Path file) throws IOException {
        ownedByThisUser(file);
        if (POSIX) {
            Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
        }
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (password.isEmpty()) {
            throw new IOException(
                    "The password file " + file + " is empty: put back the password it held, or delete the file "
                            + "together with the data directory to start afresh");
        }
        return password;
    }

    /** The password in the file, or a new one written to it when there is none. */
    static String readOrCreatePassword(Path file) throws IOException {
        if (Files.exists(file)) {
            return readPassword(file);
        }
        String password = newPassword();
        writePassword(file, password);
        return password;
    }

    /**
     * Set at creation, so that no moment passes with the file open to others; none where POSIX permissions are not
     * kept.
     */
    private static FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> permissions) {
        return POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    /**
     * Another user's directory or file, in a place this user can write, may have been put there to be used: refuse it.
     */
    private static void ownedByThisUser(Path path) throws IOException {
        UserPrincipal owner = Files.getOwner(path);
        UserPrincipal me = currentUser();
        if (!owner.equals(me)) {
            throw new IOException(path + " belongs to " + owner.getName() + ", not to " + me.getName()
                    + ", who runs this server: choose a directory of your own for the embedded stores");
        }
    }

    /** The owner of a file this process makes: the user name in the JVM's properties may not name a known account. */
    private static synchronized UserPrincipal currentUser() throws IOException {
        if (currentUser == null) {
            Path probe = Files.createTempFile("product-ingest-owner", ".probe");
            try {
                currentUser = Files.getOwner(probe);
            } finally {
                Files.delete(probe);
            }
        }
        return currentUser;
    }
}
