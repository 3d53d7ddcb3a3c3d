package io.switchboard.protocol;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.CTRModeCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.util.Arrays;

/** The primitives of protocol §2, on Bouncy Castle's lightweight API. Keys are raw bytes throughout. */
public final class Primitives {

    public static final int KEY_SIZE = 32;
    public static final int SIGNATURE_SIZE = 64;
    public static final int AES_BLOCK_SIZE = 16;
    public static final int GCM_NONCE_SIZE = 12;
    public static final int GCM_TAG_SIZE = 16;
    private static final int HKDF_MAX_LENGTH = 255 * 32;

    /** L, the order of Ed25519's prime-order subgroup (RFC 8032 §5.1). */
    private static final BigInteger GROUP_ORDER =
            BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private static final BigInteger FIELD_PRIME = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** The u-coordinates of Curve25519's points of order 1, 2, 4 and 8 (0 is both the identity's image and order 2). */
    private static final Set<BigInteger> X25519_LOW_ORDER = Set.of(
            BigInteger.ZERO, BigInteger.ONE, FIELD_PRIME.subtract(BigInteger.ONE),
            new BigInteger("325606250916557431795983626356110631294008115727848805560023387167927233504"),
            new BigInteger("39382357235489614581723060781553021112529911719440698176882885853963445705823"));

    private static final int VALID_KEYS_KEPT = 100_000;
    /** Keys that passed check 1, decoded: the same few keys sign again and again, and decoding one costs a square root. */
    private static final Map<ByteBuffer, Ed25519.PublicPoint> VALID_KEYS = new ConcurrentHashMap<>();

    private Primitives() {
    }

    public static byte[] ed25519PublicKey(byte[] seed) {
        return new Ed25519PrivateKeyParameters(requireLength(seed, KEY_SIZE, "Ed25519 seed")).generatePublicKey().getEncoded();
    }

    public static byte[] ed25519Sign(byte[] seed, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(requireLength(seed, KEY_SIZE, "Ed25519 seed")));
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /**
     * The Ed25519 rule of protocol §2: A and R must be canonical encodings of points of prime order L,
     * S must be below L. With A and R in the prime-order subgroup the cofactorless and the cofactored
     * equation give the same verdict, so Bouncy Castle's verify (cofactored) decides the rest the same
     * way as the TypeScript implementation. False for anything else, including wrong lengths.
     */
    public static boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature) {
        Ed25519.PublicPoint key = validEd25519PublicKey(publicKey);
        if (signature.length != SIGNATURE_SIZE || key == null) {
            return false;
        }
        if (!isPrimeOrderPoint(signature, 0) || !isCanonicalScalar(signature, KEY_SIZE)) {
            return false;
        }
        return Ed25519.verify(signature, 0, key, message, 0, message.length);
    }

    /** A public key the Ed25519 rule of §2 accepts: the canonical encoding of a point of prime order. */
    public static boolean isValidEd25519PublicKey(byte[] publicKey) {
        return validEd25519PublicKey(publicKey) != null;
    }

    /** The key decoded when it passes check 1, else null; the order check costs about as much as a verification. */
    private static Ed25519.PublicPoint validEd25519PublicKey(byte[] publicKey) {
        if (publicKey.length != KEY_SIZE) {
            return null;
        }
        ByteBuffer key = ByteBuffer.wrap(publicKey.clone());
        Ed25519.PublicPoint known = VALID_KEYS.get(key);
        if (known != null) {
            return known;
        }
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(publicKey, 0);
        if (point == null) {
            return null;
        }
        if (VALID_KEYS.size() >= VALID_KEYS_KEPT) {
            VALID_KEYS.clear();
        }
        VALID_KEYS.put(key, point);
        return point;
    }

    /**
     * Canonical, on the curve, not one of the eight small-order points and without a small-order
     * component: Bouncy Castle's full public-key validation, which fits R as well as A.
     */
    static boolean isPrimeOrderPoint(byte[] encoding, int offset) {
        return Ed25519.validatePublicKeyFull(encoding, offset);
    }

    /** S below L, the only form of S that RFC 8032 accepts. */
    static boolean isCanonicalScalar(byte[] encoding, int offset) {
        return littleEndian(encoding, offset).compareTo(GROUP_ORDER) < 0;
    }

    private static BigInteger littleEndian(byte[] bytes, int offset) {
        byte[] bigEndian = new byte[KEY_SIZE];
        for (int i = 0; i < KEY_SIZE; i++) {
            bigEndian[i] = bytes[offset + KEY_SIZE - 1 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    public static byte[] x25519PublicKey(byte[] privateKey) {
        byte[] publicKey = new byte[KEY_SIZE];
        X25519.scalarMultBase(requireLength(privateKey, KEY_SIZE, "X25519 private key"), 0, publicKey, 0);
        return publicKey;
    }

    /**
     * An agreement key a device list may carry (§2): the canonical encoding of a u-coordinate (below p,
     * top bit clear) that is none of the low-order points, whose shared secret anybody knows.
     */
    public static boolean isValidX25519PublicKey(byte[] publicKey) {
        if (publicKey.length != KEY_SIZE) {
            return false;
        }
        BigInteger u = littleEndian(publicKey, 0);
        return u.compareTo(FIELD_PRIME) < 0 && !X25519_LOW_ORDER.contains(u);
    }

    /** RFC 7748 X25519; an all-zero result (a small-order peer key) is refused as RFC 7748 §6.1 allows. */
    public static byte[] x25519(byte[] privateKey, byte[] peerPublicKey) {
        byte[] shared = new byte[KEY_SIZE];
        boolean contributory = X25519.calculateAgreement(
                requireLength(privateKey, KEY_SIZE, "X25519 private key"), 0,
                requireLength(peerPublicKey, KEY_SIZE, "X25519 public key"), 0, shared, 0);
        if (!contributory) {
            throw new ProtocolException("X25519 shared secret is all zero");
        }
        return shared;
    }

    public static byte[] sha256(byte[]... parts) {
        SHA256Digest digest = new SHA256Digest();
        for (byte[] part : parts) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    public static byte[] hmacSha256(byte[] key, byte[] message) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(key));
        mac.update(message, 0, message.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }

    /** Compares in constant time so a forger learns nothing from how long a rejection takes. */
    public static boolean hmacSha256Verify(byte[] key, byte[] message, byte[] expectedMac) {
        return constantTimeEquals(hmacSha256(key, message), expectedMac);
    }

    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return Arrays.constantTimeAreEqual(a, b);
    }

    /** RFC 5869 allows at most 255 blocks of output; a longer request is refused, as WebCrypto does. */
    public static byte[] hkdfSha256(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length) {
        if (length < 0 || length > HKDF_MAX_LENGTH) {
            throw new ProtocolException("HKDF-SHA256 output must be 0–" + HKDF_MAX_LENGTH + " bytes");
        }
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(inputKeyMaterial, salt, info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }

    public static byte[] pbkdf2HmacSha256(byte[] password, byte[] salt, int iterations, int length) {
        PKCS5S2ParametersGenerator pbkdf2 = new PKCS5S2ParametersGenerator(new SHA256Digest());
        pbkdf2.init(password, salt, iterations);
        return ((KeyParameter) pbkdf2.generateDerivedParameters(length * 8)).getKey();
    }

    /**
     * AES-256-CTR with the whole 16-byte IV as the initial counter block, incremented as one 128-bit
     * big-endian integer (WebCrypto's {@code length: 128}). Encryption and decryption are the same.
     */
    public static byte[] aes256Ctr(byte[] key, byte[] iv, byte[] data) {
        CTRModeCipher ctr = SICBlockCipher.newInstance(AESEngine.newInstance());
        ctr.init(true, new ParametersWithIV(
                new KeyParameter(requireLength(key, KEY_SIZE, "AES-256 key")),
                requireLength(iv, AES_BLOCK_SIZE, "AES-CTR iv")));
        byte[] out = new byte[data.length];
        ctr.processBytes(data, 0, data.length, out, 0);
        return out;
    }

    /** AES-256-GCM with a 12-byte nonce; the 16-byte tag is appended to the ciphertext (WebCrypto's layout). */
    public static byte[] aes256GcmEncrypt(byte[] key, byte[] nonce, byte[] plaintext, byte[] aad) {
        GCMModeCipher gcm = aes256Gcm(true, key, nonce, aad);
        byte[] out = new byte[gcm.getOutputSize(plaintext.length)];
        int length = gcm.processBytes(plaintext, 0, plaintext.length, out, 0);
        try {
            gcm.doFinal(out, length);
        } catch (InvalidCipherTextException cannotHappenWhenEncrypting) {
            throw new IllegalStateException(cannotHappenWhenEncrypting);
        }
        return out;
    }

    /**
     * Decrypts {@code ciphertext || tag} made by {@link #aes256GcmEncrypt}; a wrong key, nonce, aad or any
     * changed byte fails the tag check, and no plaintext is returned then.
     *
     * @throws ProtocolException when the tag does not verify
     */
    public static byte[] aes256GcmDecrypt(byte[] key, byte[] nonce, byte[] ciphertext, byte[] aad) {
        if (ciphertext.length < GCM_TAG_SIZE) {
            throw new ProtocolException("AES-GCM ciphertext is shorter than its tag");
        }
        GCMModeCipher gcm = aes256Gcm(false, key, nonce, aad);
        byte[] out = new byte[gcm.getOutputSize(ciphertext.length)];
        int length = gcm.processBytes(ciphertext, 0, ciphertext.length, out, 0);
        try {
            gcm.doFinal(out, length);
        } catch (InvalidCipherTextException tagMismatch) {
            throw new ProtocolException("AES-GCM tag does not verify", tagMismatch);
        }
        return out;
    }

    private static GCMModeCipher aes256Gcm(boolean encrypt, byte[] key, byte[] nonce, byte[] aad) {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(encrypt, new AEADParameters(
                new KeyParameter(requireLength(key, KEY_SIZE, "AES-256 key")), GCM_TAG_SIZE * 8,
                requireLength(nonce, GCM_NONCE_SIZE, "AES-GCM nonce"), aad));
        return gcm;
    }

    static byte[] requireLength(byte[] value, int length, String what) {
        if (value == null || value.length != length) {
            throw new ProtocolException(what + " must be " + length + " bytes");
        }
        return value;
    }
}
