package io.assay.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.StructuredData;

/**
 * Classes a native image must be able to reach by reflection (docs/native.md). Registration goes through
 * Quarkus, which writes it into the image's {@code reflect-config.json}; {@code NativeSourcesIT} checks that
 * every target below arrives there.
 *
 * <p>web3j's ABI decoder ({@code FunctionReturnDecoder}, {@code TypeDecoder}) finds result types with
 * {@code Class.forName} and creates them through their constructors: every ABI type we decode is listed here.
 * web3j's EIP-712 encoder ({@code StructuredDataEncoder.hashDomain}) reads its {@code EIP712Domain} through its
 * own mapper's bean introspection, so that class is listed too.
 * JSON types that Quarkus REST does not register by itself (anything data-bound by a mapper called from our code)
 * carry {@code @RegisterForReflection} on the class instead; {@code BindingRegistrationTest} finds every such
 * binding in the compiled classes and fails on an unregistered type. Persisted formats and payloads we build are
 * written without data binding (docs/native.md).
 */
@RegisterForReflection(targets = {
        Address.class, Bool.class, Utf8String.class, DynamicBytes.class,
        Uint8.class, Uint256.class, Int256.class, Bytes32.class,
        StructuredData.EIP712Domain.class,
})
public final class NativeReflection {
    private NativeReflection() {
    }
}
