package org.duban.province.signing;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.util.encoders.Hex;

/** SM3 (GB/T 32905) from BouncyCastle; lowercase hex as the wire contract writes digests. */
public final class Sm3 {

    private Sm3() {
    }

    public static byte[] digest(byte[] data) {
        SM3Digest sm3 = new SM3Digest();
        sm3.update(data, 0, data.length);
        byte[] out = new byte[sm3.getDigestSize()];
        sm3.doFinal(out, 0);
        return out;
    }

    public static String hex(byte[] data) {
        return Hex.toHexString(digest(data));
    }
}
