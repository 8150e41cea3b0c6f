// SPDX-License-Identifier: GPL-3.0-or-later
// Scenario files: schema, YAML loading, validation, levers.
