package io.github.usersync.core.sync;

/** Test mappers shared with other packages' tests. */
public final class TestMappers {
  private TestMappers() {}

  /** {@link TestMapper}, visible to other test packages. */
  public static final class Standard extends ForwardingMapper {
    /** Creates it. */
    public Standard() {
      super(new TestMapper());
    }
  }

  /** Delegates everything. */
  public static class ForwardingMapper implements io.github.usersync.core.mapping.UserMapper {
    private final io.github.usersync.core.mapping.UserMapper delegate;

    ForwardingMapper(io.github.usersync.core.mapping.UserMapper delegate) {
      this.delegate = delegate;
    }

    @Override
    public io.github.usersync.core.mapping.MappingOutcome map(io.github.usersync.core.mapping.MappingInput input) {
      return delegate.map(input);
    }

    @Override
    public java.util.Optional<String> hostGroupName(io.github.usersync.core.model.DirectoryGroup group) {
      return delegate.hostGroupName(group);
    }
  }
}
