/**
 * The parts of `@pulumi/kubernetes` the library uses, each imported from its own module: the package's
 * root declares every Kubernetes API group, and a program importing this library type-checks whatever
 * the library's declarations import (see `sdk/aws`). The library imports the Kubernetes SDK from here alone.
 * @module
 */
export * as apiextensions from '@pulumi/kubernetes/apiextensions';
export * as core from '@pulumi/kubernetes/core';
export * as helm from '@pulumi/kubernetes/helm';
export * as networking from '@pulumi/kubernetes/networking';
export * as storage from '@pulumi/kubernetes/storage';
export * as types from '@pulumi/kubernetes/types';
export { Provider, type ProviderArgs } from '@pulumi/kubernetes/provider';
