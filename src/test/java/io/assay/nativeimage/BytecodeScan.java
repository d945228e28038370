package io.assay.nativeimage;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the application's compiled classes ({@code target/classes}) and finds, in method bodies, the calls a native
 * image cares about: Jackson data binding (with the static type of what is bound) and reflective JDK APIs.
 *
 * <p>The static type of a bound value comes from where the value was made: a class literal for a read, and for a
 * written value the declared type of the local variable (debug information), parameter, field or method result it
 * came from. Data binding is recognised by its arguments, not by method names: any call on Jackson's
 * {@code ObjectMapper}, {@code JsonMapper}, {@code ObjectReader} or {@code ObjectWriter} (Jackson 2 and 3) that takes
 * a {@code Class}, {@code TypeReference} or {@code JavaType} names a target type; one whose name starts with
 * {@code write} or is {@code valueToTree}, {@code convertValue} or {@code updateValue} and takes an {@code Object}
 * binds that argument.
 *
 * <p>ASM comes from the application's own class path (Quarkus and jnr-ffi bring it); it is not declared, because a
 * test-scope declaration would take it away from the application.
 */
public final class BytecodeScan {
    private static final Set<String> BINDERS = Set.of(
            "com/fasterxml/jackson/databind/ObjectMapper", "com/fasterxml/jackson/databind/json/JsonMapper",
            "com/fasterxml/jackson/databind/ObjectReader", "com/fasterxml/jackson/databind/ObjectWriter",
            "tools/jackson/databind/ObjectMapper", "tools/jackson/databind/json/JsonMapper",
            "tools/jackson/databind/ObjectReader", "tools/jackson/databind/ObjectWriter");
    private static final Set<String> TYPE_ARGUMENTS = Set.of("Ljava/lang/Class;",
            "Lcom/fasterxml/jackson/core/type/TypeReference;", "Lcom/fasterxml/jackson/databind/JavaType;",
            "Lcom/fasterxml/jackson/core/type/ResolvedType;",
            "Ltools/jackson/core/type/TypeReference;", "Ltools/jackson/databind/JavaType;");

    /** A call in our code: where ({@code Class.method(File.java:line)}), what is called ({@code owner.name}). */
    public record Call(String where, String owner, String name, String desc) {
        String callee() {
            return owner.replace('/', '.') + "." + name;
        }
    }

    /**
     * A data-binding call and one type it binds: {@code type} is a class name, or null when it cannot be seen (a
     * class that is not a literal, a value whose declared type is lost); {@code what} says how the type was found.
     */
    public record Binding(Call call, boolean write, String type, String what) {
    }

    private BytecodeScan() {
    }

    /** The folder the application's classes were compiled into. */
    public static Path mainClasses() {
        try {
            Path p = Path.of(NativeReflection.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(p.resolve("io/assay/Main.class"))) {
                throw new IllegalStateException("not the application's classes: " + p);
            }
            return p;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<ClassNode> classes(Path root) {
        List<ClassNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                ClassNode c = new ClassNode();
                new ClassReader(Files.readAllBytes(f)).accept(c, 0);
                out.add(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(root.toString(), e);
        }
        return out;
    }

    /** Every method call in {@code classes} to {@code owner} (internal name, e.g. {@code java/lang/Class}). */
    static List<Call> callsTo(List<ClassNode> classes, java.util.function.Predicate<MethodInsnNode> which) {
        List<Call> out = new ArrayList<>();
        for (ClassNode c : classes) {
            for (MethodNode m : c.methods) {
                for (AbstractInsnNode i : m.instructions) {
                    if (i instanceof MethodInsnNode mi && which.test(mi)) {
                        out.add(new Call(where(c, m, i), mi.owner, mi.name, mi.desc));
                    }
                }
            }
        }
        return out;
    }

    /** Every Jackson data-binding call in {@code classes} and the types it binds. */
    public static List<Binding> bindings(List<ClassNode> classes) {
        List<Binding> out = new ArrayList<>();
        for (ClassNode c : classes) {
            for (MethodNode m : c.methods) {
                if (!calls(m)) {
                    continue;
                }
                Frame<SourceValue>[] frames;
                try {
                    frames = new Analyzer<>(new SourceInterpreter()).analyze(c.name, m);
                } catch (AnalyzerException e) {
                    throw new IllegalStateException(c.name + "." + m.name + ": " + e.getMessage(), e);
                }
                for (int k = 0; k < m.instructions.size(); k++) {
                    if (m.instructions.get(k) instanceof MethodInsnNode mi && BINDERS.contains(mi.owner)) {
                        bindings(c, m, frames, mi, k, out);
                    }
                }
            }
        }
        return out;
    }

    private static boolean calls(MethodNode m) {
        for (AbstractInsnNode i : m.instructions) {
            if (i instanceof MethodInsnNode mi && BINDERS.contains(mi.owner)) {
                return true;
            }
        }
        return false;
    }

    private static void bindings(ClassNode c, MethodNode m, Frame<SourceValue>[] frames, MethodInsnNode mi, int k,
                                 List<Binding> out) {
        Call call = new Call(where(c, m, mi), mi.owner, mi.name, mi.desc);
        Type[] args = Type.getArgumentTypes(mi.desc);
        Frame<SourceValue> f = frames[k];
        if (f == null) {
            return; // unreachable code
        }
        boolean writes = mi.name.startsWith("write") || mi.name.equals("valueToTree") || mi.name.equals("convertValue")
                || mi.name.equals("updateValue");
        for (int a = 0; a < args.length; a++) {
            SourceValue v = f.getStack(f.getStackSize() - args.length + a);
            String d = args[a].getDescriptor();
            if (TYPE_ARGUMENTS.contains(d)) {
                for (AbstractInsnNode p : v.insns) {
                    if (p instanceof LdcInsnNode ldc && ldc.cst instanceof Type t) {
                        out.add(new Binding(call, mi.name.startsWith("writer"), t.getClassName(), "class literal"));
                    } else {
                        out.add(new Binding(call, false, null, "the " + args[a].getClassName()
                                + " argument is not a class literal"));
                    }
                }
            } else if (writes && d.equals("Ljava/lang/Object;")) {
                for (String t : staticTypes(c, m, frames, v, 0)) {
                    out.add(new Binding(call, true, t, "declared type"));
                }
            }
        }
    }

    /** Class names of what produced {@code v}, as declared; {@code null} for a type that cannot be seen. */
    private static Set<String> staticTypes(ClassNode c, MethodNode m, Frame<SourceValue>[] frames, SourceValue v,
                                           int depth) {
        Set<String> out = new LinkedHashSet<>();
        if (v.insns.isEmpty()) {
            out.add(null); // a method parameter reached without a store; handled through its load below
            return out;
        }
        for (AbstractInsnNode p : v.insns) {
            out.add(staticType(c, m, frames, p, depth));
        }
        return out;
    }

    private static String staticType(ClassNode c, MethodNode m, Frame<SourceValue>[] frames, AbstractInsnNode p,
                                     int depth) {
        if (depth > 8) {
            return null;
        }
        switch (p) {
            case MethodInsnNode mi -> {
                return Type.getReturnType(mi.desc).getClassName();
            }
            case InvokeDynamicInsnNode indy -> {
                return Type.getReturnType(indy.desc).getClassName();
            }
            case FieldInsnNode fi -> {
                return Type.getType(fi.desc).getClassName();
            }
            case TypeInsnNode ti -> {
                return ti.getOpcode() == Opcodes.ANEWARRAY ? Type.getObjectType(ti.desc).getClassName() + "[]"
                        : Type.getObjectType(ti.desc).getClassName();
            }
            case LdcInsnNode ldc -> {
                return ldc.cst instanceof Type ? "java.lang.Class" : ldc.cst.getClass().getName();
            }
            case VarInsnNode vi when vi.getOpcode() == Opcodes.ALOAD -> {
                String declared = localType(m, vi);
                if (declared != null) {
                    return declared;
                }
                if (vi.var == 0 && (m.access & Opcodes.ACC_STATIC) == 0) {
                    return Type.getObjectType(c.name).getClassName();
                }
                Type param = parameter(m, vi.var);
                if (param != null) {
                    return param.getClassName();
                }
                // a local without debug information: follow its stores
                Frame<SourceValue> f = frames[m.instructions.indexOf(vi)];
                Set<String> stored = new LinkedHashSet<>();
                for (AbstractInsnNode store : f.getLocal(vi.var).insns) {
                    Frame<SourceValue> sf = frames[m.instructions.indexOf(store)];
                    stored.addAll(staticTypes(c, m, frames, sf.getStack(sf.getStackSize() - 1), depth + 1));
                }
                return stored.size() == 1 ? stored.iterator().next() : null;
            }
            default -> {
                int op = p.getOpcode();
                if (op == Opcodes.DUP || op == Opcodes.DUP_X1 || op == Opcodes.DUP_X2) {
                    Frame<SourceValue> f = frames[m.instructions.indexOf(p)];
                    Set<String> s = staticTypes(c, m, frames, f.getStack(f.getStackSize() - 1), depth + 1);
                    return s.size() == 1 ? s.iterator().next() : null;
                }
                if (op == Opcodes.ACONST_NULL) {
                    return "null";
                }
                return null;
            }
        }
    }

    private static String localType(MethodNode m, VarInsnNode load) {
        if (m.localVariables == null) {
            return null;
        }
        int at = m.instructions.indexOf(load);
        for (LocalVariableNode l : m.localVariables) {
            if (l.index == load.var && m.instructions.indexOf(l.start) <= at && at < m.instructions.indexOf(l.end)) {
                return Type.getType(l.desc).getClassName();
            }
        }
        return null;
    }

    private static Type parameter(MethodNode m, int var) {
        int slot = (m.access & Opcodes.ACC_STATIC) == 0 ? 1 : 0;
        for (Type t : Type.getArgumentTypes(m.desc)) {
            if (slot == var) {
                return t;
            }
            slot += t.getSize();
        }
        return null;
    }

    private static String where(ClassNode c, MethodNode m, AbstractInsnNode i) {
        int line = -1;
        for (AbstractInsnNode p = i; p != null; p = p.getPrevious()) {
            if (p instanceof LineNumberNode ln) {
                line = ln.line;
                break;
            }
        }
        return c.name.replace('/', '.') + "." + m.name + "(" + c.sourceFile + ":" + line + ")";
    }
}
