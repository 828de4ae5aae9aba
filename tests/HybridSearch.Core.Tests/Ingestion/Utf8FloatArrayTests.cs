using System.Globalization;
using System.Text;
using HybridSearch.Ingestion;

namespace HybridSearch.Core.Tests.Ingestion;

/// <summary>The fast number reader behind precomputed-vector lines must give the float the runtime's parser gives, always.</summary>
public sealed class Utf8FloatArrayTests
{
    [Fact]
    public void Every_number_equals_the_correctly_rounded_float_parse_over_many_random_and_boundary_spellings()
    {
        var random = new Random(11);
        var texts = new List<string> { "0", "-0", "1", "-1", "0.1", "1e-3", "1E+2", "3.4028235e38", "1.17549435e-38", "1.4e-45", "0.000001" };
        for (var i = 0; i < 20_000; i++)
        {
            var value = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 4)));
            texts.Add(value.ToString("R", CultureInfo.InvariantCulture));
            texts.Add(((double)value).ToString(random.Next(2) == 0 ? "G17" : "F9", CultureInfo.InvariantCulture));
            texts.Add(random.NextDouble().ToString("G15", CultureInfo.InvariantCulture));
            texts.Add(((double)value).ToString("E" + random.Next(1, 19), CultureInfo.InvariantCulture));
            texts.Add((random.NextDouble() * Math.Pow(10, random.Next(-30, 30))).ToString("G19", CultureInfo.InvariantCulture));

            // Halfway between two neighbouring floats, and the doubles a few units either side of it: where rounding the
            // decimal to double first could round the wrong way.
            var next = MathF.BitIncrement(value);
            var halfway = ((double)value + next) / 2;
            for (var step = -3; step <= 3; step++)
            {
                var near = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(halfway) + step);
                texts.Add(near.ToString(random.Next(2) == 0 ? "G17" : "G19", CultureInfo.InvariantCulture));
            }
        }

        texts.AddRange(["0.0", "-0.0", "0.00000000000000000000123", "123456789012345678901234", "1.000000000000000000001",
            "0.1e1", "10e-1", "1e22", "1e-22", "1e23", "1e-23", "99999999999999999999e-20", "3.4028235677973366e38"]);

        var values = new List<float>();
        var json = Encoding.UTF8.GetBytes("[" + string.Join(", ", texts) + "]");

        Assert.Equal(json.Length, Utf8FloatArray.TryRead(json, values));
        Assert.Equal(texts.Count, values.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(float.Parse(texts[i], CultureInfo.InvariantCulture)) == BitConverter.SingleToInt32Bits(values[i]),
                $"'{texts[i]}': got {values[i]:R}");
        }
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[1,]")]
    [InlineData("[01]")]
    [InlineData("[1.]")]
    [InlineData("[\"1\"]")]
    [InlineData("[1e39]")]
    [InlineData("[NaN]")]
    [InlineData("[1 2]")]
    [InlineData("[1")]
    public void Anything_but_a_non_empty_array_of_finite_json_numbers_is_refused(string json)
    {
        Assert.Equal(-1, Utf8FloatArray.TryRead(Encoding.UTF8.GetBytes(json), []));
    }
}
