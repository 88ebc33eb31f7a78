using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Notifications.Core.Privacy;

namespace Notifications.UnitTests;

/// <summary>The keyed hash and the sealing of numbers kept in Redis.</summary>
public sealed class NumberProtectorTests
{
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(32);

    [Theory]
    [InlineData("+14155550123")]
    [InlineData("+442071838750")]
    [InlineData("alpha-sender")]
    public void Hash_SameNumberAndSecret_SameValue_WithoutTheNumberOrItsDigits(string phone)
    {
        var protector = new NumberProtector(Secret);

        var hash = protector.Hash(phone);

        Assert.Equal(hash, new NumberProtector(Secret).Hash(phone));
        Assert.DoesNotContain(phone.TrimStart('+'), hash, StringComparison.Ordinal);
        Assert.StartsWith(protector.KeyId + ".", hash, StringComparison.Ordinal);
        Assert.Equal(4 + 1 + 22, hash.Length); // key id, dot, 16 bytes base64url
        Assert.True(protector.IsOwn(hash));
    }

    [Fact]
    public void Hash_DifferentNumbersOrSecrets_Differ()
    {
        var protector = new NumberProtector(Secret);
        var other = new NumberProtector(RandomNumberGenerator.GetBytes(32));

        Assert.NotEqual(protector.Hash("+14155550123"), protector.Hash("+14155550124"));
        Assert.NotEqual(protector.Hash("+14155550123"), other.Hash("+14155550123"));
        Assert.NotEqual(protector.KeyId, other.KeyId);
        Assert.False(protector.IsOwn(other.Hash("+14155550123")));
        Assert.False(protector.IsOwn("+14155550123"));
    }

    [Fact]
    public void Hash_IsHmacSha256OfTheNumber_UnderTheDerivedKey()
    {
        var protector = new NumberProtector(Secret);
        var key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Secret, key, [], "notifications/redis/number-hash"u8);
        var expected = System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("+14155550123")).AsSpan(0, 16));

        Assert.EndsWith("." + expected, protector.Hash("+14155550123"), StringComparison.Ordinal);
    }

    [Fact]
    public void Encrypt_RoundTrips_WithARandomNonce_AndShowsNoNumber()
    {
        var protector = new NumberProtector(Secret);
        const string plain = """{"From":"+14155550123","Body":"STOP"}""";

        var first = protector.Encrypt(plain);
        var second = protector.Encrypt(plain);

        Assert.NotEqual(first, second);
        Assert.DoesNotContain("4155550123", first, StringComparison.Ordinal);
        Assert.True(protector.TryDecrypt(first, out var opened));
        Assert.Equal(plain, opened);
        Assert.True(new NumberProtector(Secret).TryDecrypt(second, out var again));
        Assert.Equal(plain, again);
    }

    [Fact]
    public void TryDecrypt_AlteredOrOtherSecretOrGarbage_IsFalse()
    {
        var protector = new NumberProtector(Secret);
        var sealedValue = protector.Encrypt("+14155550123");
        var last = sealedValue[^1];
        var altered = sealedValue[..^1] + (last == 'A' ? 'B' : 'A');
        var other = new NumberProtector(RandomNumberGenerator.GetBytes(32));

        Assert.False(protector.TryDecrypt(altered, out _));
        Assert.False(other.TryDecrypt(sealedValue, out _));
        Assert.False(protector.TryDecrypt(protector.KeyId + ".!!", out _));
        Assert.False(protector.TryDecrypt(protector.KeyId + ".AAAA", out _));
        Assert.False(protector.TryDecrypt("+14155550123", out _));
    }

    [Fact]
    public void Constructor_SecretShorterThan32Bytes_Throws()
    {
        Assert.Throws<ArgumentException>(() => new NumberProtector(new byte[31]));
    }

    [Theory]
    [InlineData(null, true, 0)]
    [InlineData("", true, 0)]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", true, 32)] // 32 bytes as base64
    [InlineData("a passphrase of thirty-two chars", true, 32)]
    [InlineData("short-secret", false, 0)]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYX", true, 32)] // 24 bytes as base64, but 32 characters of text
    public void NumberHashOptions_ValidatesLength_AndNeverEchoesTheSecret(string? value, bool valid, int secretBytes)
    {
        var options = new NumberHashOptions { NumberHashKey = value };

        var results = new List<ValidationResult>();
        var ok = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.Equal(valid, ok);
        Assert.Equal(secretBytes, options.ConfiguredSecret()?.Length ?? 0);
        if (!valid)
        {
            var message = Assert.Single(results).ErrorMessage!;
            Assert.Contains("Redis:NumberHashKey must be at least 32 bytes", message, StringComparison.Ordinal);
            Assert.DoesNotContain(value!, message, StringComparison.Ordinal);
        }
    }
}
