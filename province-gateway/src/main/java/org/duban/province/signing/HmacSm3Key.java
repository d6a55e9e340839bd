package org.duban.province.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.encoders.Hex;

/** {@code HMAC-SM3}: BouncyCastle's {@link HMac} over {@link SM3Digest}, keyed with the secret's UTF-8 bytes. */
public final class HmacSm3Key implements Credential {

    private final KeyParameter key;

    public HmacSm3Key(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("HMAC-SM3 needs a secret");
        }
        this.key = new KeyParameter(secret.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public SignMethod method() {
        return SignMethod.HMAC_SM3;
    }

    public byte[] mac(byte[] data) {
        HMac hmac = new HMac(new SM3Digest());
        hmac.init(key);
        hmac.update(data, 0, data.length);
        byte[] out = new byte[hmac.getMacSize()];
        hmac.doFinal(out, 0);
        return out;
    }

    @Override
    public String sign(byte[] stringToSign) {
        return Hex.toHexString(mac(stringToSign));
    }

    @Override
    public boolean verify(byte[] stringToSign, String signature) {
        if (signature == null) {
            return false;
        }
        byte[] given;
        try {
            given = Hex.decode(signature.trim());
        } catch (RuntimeException e) {
            return false;
        }
        // constant time: a byte-by-byte early exit would tell an attacker how much of a forged MAC was right
        return MessageDigest.isEqual(mac(stringToSign), given);
    }
}
