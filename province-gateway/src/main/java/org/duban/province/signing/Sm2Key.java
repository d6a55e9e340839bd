package org.duban.province.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * {@code SM3withSM2}: BouncyCastle's {@link SM2Signer} with SM3 and the default user id {@code 1234567812345678}
 * (GB/T 32918.2 / GM/T 0009), signatures as DER {@code SEQUENCE {r, s}} in Base64. Keys are read once from Base64 DER
 * (PEM armour allowed): a public key as X.509 {@code SubjectPublicKeyInfo}, a private key as PKCS#8 — what
 * {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2} and {@code openssl pkey -pubout} write.
 */
public final class Sm2Key implements Credential {

    /** The default distinguishing identifier of GM/T 0009, as both sides use it. */
    public static final byte[] USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    private final ECPublicKeyParameters publicKey;
    private final ECPrivateKeyParameters privateKey;

    private Sm2Key(ECPublicKeyParameters publicKey, ECPrivateKeyParameters privateKey) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** A verifying key from a {@code SubjectPublicKeyInfo} (Base64 DER or PEM). */
    public static Sm2Key ofPublic(String base64OrPem) {
        AsymmetricKeyParameter key;
        try {
            key = PublicKeyFactory.createKey(der(base64OrPem));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an SM2 public key (X.509 SubjectPublicKeyInfo, Base64 DER): " + e.getMessage(), e);
        }
        if (!(key instanceof ECPublicKeyParameters ec)) {
            throw new IllegalArgumentException("not an EC (SM2) public key: " + key.getClass().getSimpleName());
        }
        return new Sm2Key(ec, null);
    }

    /** A signing key (and its public half) from a PKCS#8 {@code PrivateKeyInfo} (Base64 DER or PEM). */
    public static Sm2Key ofPrivate(String base64OrPem) {
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(der(base64OrPem));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an SM2 private key (PKCS#8, Base64 DER): " + e.getMessage(), e);
        }
        if (!(key instanceof ECPrivateKeyParameters ec)) {
            throw new IllegalArgumentException("not an EC (SM2) private key: " + key.getClass().getSimpleName());
        }
        ECPoint q = new FixedPointCombMultiplier().multiply(ec.getParameters().getG(), ec.getD()).normalize();
        return new Sm2Key(new ECPublicKeyParameters(q, ec.getParameters()), ec);
    }

    /** Strips PEM armour and white space; the rest is Base64. */
    static byte[] der(String base64OrPem) {
        if (base64OrPem == null || base64OrPem.isBlank()) {
            throw new IllegalArgumentException("empty key");
        }
        String body = base64OrPem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    @Override
    public SignMethod method() {
        return SignMethod.SM3_WITH_SM2;
    }

    public ECPublicKeyParameters publicKey() {
        return publicKey;
    }

    @Override
    public String sign(byte[] stringToSign) {
        if (privateKey == null) {
            return Credential.super.sign(stringToSign);
        }
        SM2Signer signer = new SM2Signer(new SM3Digest());
        // the id wraps the key (SM2Signer reads ParametersWithID first); randomness from BouncyCastle's default SecureRandom
        signer.init(true, new ParametersWithID(privateKey, USER_ID));
        signer.update(stringToSign, 0, stringToSign.length);
        try {
            return Base64.getEncoder().encodeToString(signer.generateSignature());
        } catch (CryptoException e) {
            throw new IllegalStateException("SM2 signing failed", e);
        }
    }

    @Override
    public boolean verify(byte[] stringToSign, String signature) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(signature.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        SM2Signer verifier = new SM2Signer(new SM3Digest());
        verifier.init(false, new ParametersWithID(publicKey, USER_ID));
        verifier.update(stringToSign, 0, stringToSign.length);
        try {
            return verifier.verifySignature(der);
        } catch (RuntimeException e) {
            return false; // malformed DER
        }
    }
}
