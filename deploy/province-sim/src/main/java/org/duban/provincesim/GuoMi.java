package org.duban.provincesim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * The 国密 primitives docs/province-api.md §2 uses, all from BouncyCastle's lightweight API (never our own
 * implementation): SM3 (GB/T 32905), HMAC-SM3 (RFC 2104 over SM3) and SM2 signatures (GB/T 32918.2, SM3, user id
 * {@code 1234567812345678}, DER {@code SEQUENCE {r, s}}). Keys travel as Base64 DER: X.509 SubjectPublicKeyInfo for
 * public keys, PKCS#8 PrivateKeyInfo for private keys, on the curve sm2p256v1.
 */
public final class GuoMi {

    /** The default SM2 user id (GB/T 35276), which the spec uses. */
    public static final byte[] DEFAULT_USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private GuoMi() {
    }

    /** A base64 SM2 key pair: {@code privateKey} PKCS#8 DER, {@code publicKey} X.509 SubjectPublicKeyInfo DER. */
    public record Sm2KeyPair(String privateKey, String publicKey) {
    }

    public static byte[] sm3(byte[] data) {
        SM3Digest digest = new SM3Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    public static String sm3Hex(byte[] data) {
        return HEX.formatHex(sm3(data));
    }

    /** Lowercase hex HMAC-SM3 of the UTF-8 message keyed with the secret's UTF-8 bytes. */
    public static String hmacSm3Hex(String secret, String message) {
        HMac mac = new HMac(new SM3Digest());
        mac.init(new KeyParameter(secret.getBytes(StandardCharsets.UTF_8)));
        byte[] in = message.getBytes(StandardCharsets.UTF_8);
        mac.update(in, 0, in.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return HEX.formatHex(out);
    }

    /** Base64 of the DER SM2 signature of the UTF-8 message with the base64 PKCS#8 private key. */
    public static String sm2Sign(String privateKeyBase64, String message) {
        ECPrivateKeyParameters key = privateKey(privateKeyBase64);
        SM2Signer signer = new SM2Signer(); // SM3 digest and DER (StandardDSAEncoding) by default
        signer.init(true, new ParametersWithID(new ParametersWithRandom(key, RANDOM), DEFAULT_USER_ID));
        byte[] in = message.getBytes(StandardCharsets.UTF_8);
        signer.update(in, 0, in.length);
        try {
            return Base64.getEncoder().encodeToString(signer.generateSignature());
        } catch (CryptoException e) {
            throw new IllegalStateException("SM2 signing failed", e);
        }
    }

    /** Whether the base64 DER signature verifies over the UTF-8 message with the base64 X.509 public key. */
    public static boolean sm2Verify(String publicKeyBase64, String message, String signatureBase64) {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureBase64.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        SM2Signer signer = new SM2Signer();
        signer.init(false, new ParametersWithID(publicKey(publicKeyBase64), DEFAULT_USER_ID));
        byte[] in = message.getBytes(StandardCharsets.UTF_8);
        signer.update(in, 0, in.length);
        try {
            return signer.verifySignature(signature);
        } catch (RuntimeException e) { // a malformed DER signature
            return false;
        }
    }

    public static Sm2KeyPair generateSm2KeyPair() {
        X9ECParameters curve = GMNamedCurves.getByOID(GMObjectIdentifiers.sm2p256v1);
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(new ECNamedDomainParameters(GMObjectIdentifiers.sm2p256v1, curve), RANDOM));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        try {
            return new Sm2KeyPair(
                    Base64.getEncoder().encodeToString(PrivateKeyInfoFactory.createPrivateKeyInfo(pair.getPrivate()).getEncoded()),
                    Base64.getEncoder().encodeToString(SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic()).getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base64 X.509 public key that belongs to a base64 PKCS#8 SM2 private key. */
    public static String publicKeyOf(String privateKeyBase64) {
        ECPrivateKeyParameters key = privateKey(privateKeyBase64);
        BigInteger d = key.getD();
        ECPublicKeyParameters pub = new ECPublicKeyParameters(key.getParameters().getG().multiply(d).normalize(), key.getParameters());
        try {
            return Base64.getEncoder().encodeToString(SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pub).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ECPrivateKeyParameters privateKey(String base64) {
        try {
            AsymmetricKeyParameter key = PrivateKeyFactory.createKey(Base64.getDecoder().decode(stripPem(base64)));
            if (key instanceof ECPrivateKeyParameters ec) {
                return ec;
            }
            throw new IllegalArgumentException("not an EC (SM2) private key");
        } catch (IOException e) {
            throw new IllegalArgumentException("not a PKCS#8 SM2 private key", e);
        }
    }

    static ECPublicKeyParameters publicKey(String base64) {
        try {
            AsymmetricKeyParameter key = PublicKeyFactory.createKey(Base64.getDecoder().decode(stripPem(base64)));
            if (key instanceof ECPublicKeyParameters ec) {
                return ec;
            }
            throw new IllegalArgumentException("not an EC (SM2) public key");
        } catch (IOException e) {
            throw new IllegalArgumentException("not an X.509 SM2 public key", e);
        }
    }

    /** Accepts bare base64 or a PEM block (header, footer and line breaks dropped). */
    static String stripPem(String key) {
        return key.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }
}
