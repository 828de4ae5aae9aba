using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace HybridSearch.Ingestion;

/// <summary>
/// Reads a JSON array of numbers straight from UTF-8 as float32, correctly rounded, several times faster than a general
/// JSON reader: a number of up to 19 significant digits with a decimal exponent within ±22 is one integer times one power
/// of ten, a double product within three units in the last place of the exact value, and rounding that to float32 is
/// correct whenever no float halfway point lies that close (what float32 vectors printed as doubles, 17 digits each, need
/// as much as short spellings do); every other number goes to
/// <see cref="float.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider, out float)"/>.
/// </summary>
internal static class Utf8FloatArray
{
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
        1e21, 1e22,
    ];

    private static readonly double[] NegativePowersOfTen =
    [
        1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17,
        1e-18, 1e-19, 1e-20, 1e-21, 1e-22,
    ];

    private static readonly ulong[] PowersOfTenInteger =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
    ];

    /// <summary>
    /// Parses the array starting at <paramref name="json"/>[0] (which must be <c>[</c>) into <paramref name="values"/>;
    /// returns the length of the array text, or -1 when it is not a non-empty array of finite JSON numbers.
    /// </summary>
    public static int TryRead(ReadOnlySpan<byte> json, List<float> values)
    {
        if (json.IsEmpty || json[0] != (byte)'[')
        {
            return -1;
        }

        var i = 1;
        while (true)
        {
            i = SkipWhiteSpace(json, i);
            var length = ReadNumber(json[i..], out var value);
            if (length <= 0)
            {
                return -1;
            }

            values.Add(value);
            i = SkipWhiteSpace(json, i + length);
            if (i >= json.Length)
            {
                return -1;
            }

            if (json[i] == (byte)']')
            {
                return i + 1;
            }

            if (json[i] != (byte)',')
            {
                return -1;
            }

            i++;
        }
    }

    /// <summary>
    /// A JSON number at the start of <paramref name="s"/>: its length (0 when it is not one) and its value. The common
    /// shape (<c>-?d{1,8}(.d{1,15})?</c>, at most 19 digits, no exponent) is read without a branch per digit: one 16-byte
    /// compare finds each run of digits, and SWAR arithmetic reads eight digits at a time. Anything else, and the last few
    /// bytes of a buffer, go to <see cref="ReadNumberScalar"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadNumber(ReadOnlySpan<byte> s, out float value)
    {
        if (s.Length >= ShortPathBytes)
        {
            var length = TryReadShort(s, out value);
            if (length != NotShort)
            {
                return length;
            }
        }

        return ReadNumberScalar(s, out value);
    }

    // The short path loads 16 bytes at the start of the integer part and of the fraction (at most 10 bytes in): 26 bytes.
    private const int ShortPathBytes = 32;
    private const int NotShort = -1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int TryReadShort(ReadOnlySpan<byte> s, out float value)
    {
        value = 0;
        var negative = s[0] == (byte)'-';
        var i = negative ? 1 : 0;
        var integerDigits = DigitRun(s, i);
        if (integerDigits is 0 or > 8 || (integerDigits > 1 && s[i] == (byte)'0'))
        {
            return NotShort;
        }

        var mantissa = (ulong)Digits(s, i, integerDigits);
        i += integerDigits;
        var exponent = 0;
        if (s[i] == (byte)'.')
        {
            i++;
            var fractionDigits = DigitRun(s, i);
            if (fractionDigits is 0 or >= 16 || integerDigits + fractionDigits > 19)
            {
                return NotShort;
            }

            // Both halves of up to 15 fraction digits, without a branch on how many there are: their count varies from
            // number to number, and a mispredicted branch costs more than the second half.
            var first = Math.Min(fractionDigits, 8);
            var second = fractionDigits - first;
            var high = Digits(s, i, first);
            var low = EightDigits((BinaryPrimitives.ReadUInt64LittleEndian(s.Slice(i + 8, 8)) << ((8 * (8 - second)) - 1)) << 1);
            mantissa = (mantissa * PowersOfTenInteger[fractionDigits]) + ((ulong)high * PowersOfTenInteger[second]) + low;
            i += fractionDigits;
            exponent = -fractionDigits;
        }

        if (s[i] is (byte)'e' or (byte)'E')
        {
            return NotShort;
        }

        return Round(s, i, mantissa, exponent, negative, out value);
    }

    // The number of ASCII digits starting at s[i], up to 16 (s must hold 16 bytes from i).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DigitRun(ReadOnlySpan<byte> s, int i)
    {
        var bytes = Vector128.Create(s.Slice(i, 16));
        var notDigit = Vector128.GreaterThan(bytes - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
        return BitOperations.TrailingZeroCount(notDigit.ExtractMostSignificantBits() | 0x1_0000u);
    }

    // The value of the 1 to 8 digits at s[i] (s must hold 8 bytes from i): the bytes after them are shifted out.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Digits(ReadOnlySpan<byte> s, int i, int count) =>
        EightDigits(BinaryPrimitives.ReadUInt64LittleEndian(s.Slice(i, 8)) << (8 * (8 - count)));

    /// <summary>
    /// The general reading of a JSON number at the start of <paramref name="s"/>: its length (0 when it is not one) and its
    /// value. Digits accumulate into an integer mantissa as they are checked against the grammar, eight at a time where
    /// eight digits follow (SWAR: one 64-bit load, one test, three multiplications), leading zeros of a fraction only moving
    /// the exponent; <see cref="Round"/> then decides, and more than 19 significant digits go to the general parser.
    /// </summary>
    private static int ReadNumberScalar(ReadOnlySpan<byte> s, out float value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (i < s.Length && s[i] == (byte)'-')
        {
            negative = true;
            i++;
        }

        var integerStart = i;
        ulong mantissa = 0;
        var significant = 0;
        var exponent = 0;
        ReadDigits(s, ref i, ref mantissa, ref significant, ref exponent, fraction: false);
        var integerDigits = i - integerStart;
        if (integerDigits == 0 || (integerDigits > 1 && s[integerStart] == (byte)'0'))
        {
            return 0;
        }

        if (i < s.Length && s[i] == (byte)'.')
        {
            i++;
            var fractionStart = i;
            ReadDigits(s, ref i, ref mantissa, ref significant, ref exponent, fraction: true);
            if (i == fractionStart)
            {
                return 0;
            }
        }

        if (i < s.Length && s[i] is (byte)'e' or (byte)'E')
        {
            i++;
            var exponentNegative = false;
            if (i < s.Length && s[i] is (byte)'+' or (byte)'-')
            {
                exponentNegative = s[i] == (byte)'-';
                i++;
            }

            var exponentStart = i;
            var written = 0;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                // Clamped: any exponent this large leaves the fast path, and the general parser reads the real one.
                written = Math.Min((written * 10) + (s[i] - '0'), 100_000);
                i++;
            }

            if (i == exponentStart)
            {
                return 0;
            }

            exponent += exponentNegative ? -written : written;
        }

        return significant > 19 ? (Fallback(s[..i], out value) ? i : 0) : Round(s, i, mantissa, exponent, negative, out value);
    }

    /// <summary>
    /// The float nearest mantissa × 10^exponent, from one double operation when that is provably correct (see
    /// <see cref="HalfwayWindow"/>), else from the general parser over <paramref name="s"/>[..<paramref name="length"/>].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Round(ReadOnlySpan<byte> s, int length, ulong mantissa, int exponent, bool negative, out float value)
    {
        if (exponent is < -22 or > 22)
        {
            return Fallback(s[..length], out value) ? length : 0;
        }

        // Multiplying by the double nearest 10^-k instead of dividing by 10^k: three roundings instead of two, still
        // within HalfwayWindow, and a multiplication is several times cheaper than a division.
        double result = mantissa;
        result *= exponent < 0 ? NegativePowersOfTen[-exponent] : PowersOfTen[exponent];

        // A float halfway point (bit 28 of the double's mantissa set, the 28 below it clear) within the error of the double
        // could make rounding it differ from rounding the exact value: only the general parser can say then.
        var bits = BitConverter.DoubleToUInt64Bits(result);
        if ((bits & 0x1FFF_FFFFUL) - (0x1000_0000UL - HalfwayWindow) <= 2 * HalfwayWindow)
        {
            return Fallback(s[..length], out value) ? length : 0;
        }

        // The sign as a bit, not a branch: signs of vector components are as random as coin tosses.
        value = (float)BitConverter.UInt64BitsToDouble(bits | ((ulong)Unsafe.BitCast<bool, byte>(negative) << 63));
        return float.IsFinite(value) ? length : 0;
    }

    // Units in the last place of the double around a float halfway point that send a number to the general parser. The
    // double is within three of the exact value: converting a mantissa of up to 19 digits, the power of ten (exact for
    // 10^0..10^22, nearest for 10^-1..10^-22) and the product each round once, by at most 2^-53 relatively.
    private const ulong HalfwayWindow = 6;

    /// <summary>
    /// Reads a run of digits into the mantissa: leading zeros only move the decimal exponent (in a fraction), and digits
    /// past the 19 a 64-bit mantissa holds are counted but not kept, which sends the number to the general parser.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ReadDigits(
        ReadOnlySpan<byte> s, ref int i, ref ulong mantissa, ref int significant, ref int exponent, bool fraction)
    {
        if (mantissa == 0)
        {
            while (i < s.Length && s[i] == (byte)'0')
            {
                exponent -= fraction ? 1 : 0;
                i++;
            }
        }

        while (significant <= 11 && i + 8 <= s.Length)
        {
            var chunk = BinaryPrimitives.ReadUInt64LittleEndian(s[i..]);
            if (!IsEightDigits(chunk))
            {
                break;
            }

            mantissa = (mantissa * 100_000_000) + EightDigits(chunk);
            significant += 8;
            exponent -= fraction ? 8 : 0;
            i += 8;
        }

        while (i < s.Length && (uint)(s[i] - '0') <= 9)
        {
            if (significant < 19)
            {
                mantissa = (mantissa * 10) + (uint)(s[i] - '0');
            }
            else if (!fraction)
            {
                // An integer digit that is not kept still scales the value; the number goes to the general parser anyway.
                exponent++;
            }

            significant++;
            exponent -= fraction && significant <= 19 ? 1 : 0;
            i++;
        }
    }

    // Eight ASCII digits: every byte 0x30..0x39 (from simdjson's parse_eight_digits).
    private static bool IsEightDigits(ulong chunk) =>
        (((chunk & 0xF0F0F0F0F0F0F0F0UL) | (((chunk + 0x0606060606060606UL) & 0xF0F0F0F0F0F0F0F0UL) >> 4)) ==
         0x3333333333333333UL);

    // The value of eight ASCII digits read little-endian (first digit in the lowest byte).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint EightDigits(ulong chunk)
    {
        chunk = ((chunk & 0x0F0F0F0F0F0F0F0FUL) * 2561) >> 8;
        chunk = ((chunk & 0x00FF00FF00FF00FFUL) * 6553601) >> 16;
        return (uint)(((chunk & 0x0000FFFF0000FFFFUL) * 42949672960001UL) >> 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhiteSpace(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && json[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    private static bool Fallback(ReadOnlySpan<byte> number, out float value) =>
        float.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);
}
