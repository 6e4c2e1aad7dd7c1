import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.ofdrw.gm.ses.v4.SESeal;
import org.ofdrw.reader.OFDReader;
import org.ofdrw.sign.OFDSigner;
import org.ofdrw.sign.SignMode;
import org.ofdrw.sign.signContainer.SESV4Container;
import org.ofdrw.sign.stamppos.NormalStampPos;
import org.ofdrw.sign.verify.OFDValidator;
import org.ofdrw.sign.verify.container.SESV4ValidateContainer;

/**
 * An independent judge for our OFD output, built on ofdrw (ofdrw-sign):
 *   verify FILE.ofd                       ofdrw's OFDValidator with its GB/T 38540 V4 container; exit 0 and
 *                                         "VALID", or exit 1 and "INVALID: reason"
 *   sign IN OUT SEAL.esl KEY.hex CERT.der PAGE X Y W H
 *                                         ofdrw's OFDSigner in continue-signing mode with a V4 container:
 *                                         our seal and key, ofdrw's layout and signature
 *   version                               prints the ofdrw version it was built against
 * Exit 2 for usage errors and unexpected failures.
 */
public final class OfdrwJudge {
  public static void main(String[] args) {
    Security.addProvider(new BouncyCastleProvider());
    try {
      if (args.length == 2 && args[0].equals("verify")) {
        System.exit(verify(Paths.get(args[1])));
      } else if (args.length == 11 && args[0].equals("sign")) {
        sign(args);
        System.out.println("SIGNED");
        System.exit(0);
      } else if (args.length == 1 && args[0].equals("version")) {
        System.out.println("ofdrw " + org.ofdrw.gv.GlobalVar.Version);
        System.exit(0);
      }
      System.err.println("usage: verify FILE | sign IN OUT SEAL KEY CERT PAGE X Y W H | version");
      System.exit(2);
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(2);
    }
  }

  private static int verify(Path file) {
    try (OFDReader reader = new OFDReader(file)) {
      OFDValidator validator = new OFDValidator(reader);
      validator.setValidator(new SESV4ValidateContainer());
      validator.exeValidate();
      System.out.println("VALID");
      return 0;
    } catch (Exception e) {
      System.out.println("INVALID: " + e);
      return 1;
    }
  }

  private static void sign(String[] a) throws Exception {
    // The key arrives as the bare 32-byte SM2 scalar (hex): no key-container format to disagree on.
    BigInteger d = new BigInteger(new String(Files.readAllBytes(Paths.get(a[4])), StandardCharsets.US_ASCII).trim(), 16);
    X9ECParameters sm2 = GMNamedCurves.getByName("sm2p256v1");
    ECParameterSpec curve = new ECParameterSpec(sm2.getCurve(), sm2.getG(), sm2.getN(), sm2.getH());
    PrivateKey key = KeyFactory.getInstance("EC", "BC").generatePrivate(new ECPrivateKeySpec(d, curve));
    Certificate cert;
    try (InputStream in = Files.newInputStream(Paths.get(a[5]))) {
      cert = CertificateFactory.getInstance("X.509", "BC").generateCertificate(in);
    }
    SESeal seal = SESeal.getInstance(Files.readAllBytes(Paths.get(a[3])));
    OFDReader reader = new OFDReader(Paths.get(a[1]));
    try (OFDSigner signer = new OFDSigner(reader, Paths.get(a[2]))) {
      signer.setSignMode(SignMode.ContinueSign);
      signer.setSignContainer(new SESV4Container(key, seal, cert));
      signer.addApPos(new NormalStampPos(Integer.parseInt(a[6]), Double.parseDouble(a[7]), Double.parseDouble(a[8]), Double.parseDouble(a[9]), Double.parseDouble(a[10])));
      signer.exeSign();
    }
  }
}
