using HybridSearch.Encoders;

namespace HybridSearch.Core.Tests.Encoders;

public sealed class EncoderIdentityTests
{
    private static readonly EncoderIdentity Float32 = new("minilm", "aaaa", 384);
    private static readonly EncoderIdentity Int8 = new("minilm-int8", "bbbb", 384) { DerivedFromSha256 = "AAAA" };

    [Fact]
    public void A_model_may_query_an_index_of_its_own_weights_whatever_its_name()
    {
        Assert.True(new EncoderIdentity("renamed", "AAAA", 384).CanQuery(Float32));
    }

    [Fact]
    public void A_model_derived_from_the_index_model_may_query_it_but_not_write_to_it()
    {
        Assert.True(Int8.CanQuery(Float32));
        Assert.False(Int8.IsCompatibleWith(Float32));
    }

    [Fact]
    public void Derivation_works_one_way_only()
    {
        // The float32 model did not come from the int8 one; an int8 index needs int8 queries (or its source's adapter).
        Assert.False(Float32.CanQuery(Int8));
    }

    [Fact]
    public void A_model_derived_from_another_model_or_of_another_size_may_not_query()
    {
        Assert.False(Int8.CanQuery(new EncoderIdentity("arctic-xs", "cccc", 384)));
        Assert.False((Int8 with { Dimensions = 256 }).CanQuery(Float32));
        Assert.False(new EncoderIdentity("x", "dddd", 384).CanQuery(Float32));
    }

    [Fact]
    public void The_description_names_the_source_of_a_derived_model()
    {
        Assert.Equal("minilm-int8 (sha256 bbbb…, 384 dims, derived from sha256 AAAA…)", Int8.ToString());
    }
}
