import { Command, Help, type Option } from 'commander';
import type { MessageKey } from '../i18n/index.js';
import type { Say } from './locale.js';

/**
 * Commander writes its own words (help headings, "error: unknown option …") in English. This
 * is the program's root command with those words in the operator's language; every command
 * made from it with `.command()` inherits them.
 */
export function speakingProgram(say: Say): Command {
  class SpeakingCommand extends Command {
    override createCommand(name?: string): Command {
      return new SpeakingCommand(name);
    }

    override usage(str: string): this;
    override usage(): string;
    override usage(str?: string): this | string {
      if (str !== undefined) return super.usage(str);
      return super.usage().replace('[options]', say('cli.help.optionsPlaceholder')).replace('[command]', say('cli.help.commandPlaceholder'));
    }

    override error(message: string, errorOptions?: { code?: string; exitCode?: number }): never {
      return super.error(commanderMessage(message, errorOptions?.code, say), errorOptions);
    }
  }
  return new SpeakingCommand()
    .configureHelp({
      styleTitle: (title) => (title in helpTitles ? say(helpTitles[title]!) : title),
      subcommandTerm: (command) => Help.prototype.subcommandTerm.call(new Help(), command).replace('[options]', say('cli.help.optionsPlaceholder')),
      optionDescription: (option) => describeOption(option, say),
    })
    .helpOption('-h, --help', say('cli.help.option'))
    .helpCommand(`help ${say('cli.help.commandPlaceholder')}`, say('cli.help.command'))
    .showHelpAfterError(say('cli.help.afterError'));
}

const helpTitles: Record<string, MessageKey> = {
  'Usage:': 'cli.help.usage',
  'Options:': 'cli.help.options',
  'Commands:': 'cli.help.commands',
  'Arguments:': 'cli.help.arguments',
  'Global Options:': 'cli.help.globalOptions',
};

/** An option's description with its choices and default, as commander's own help has them. */
function describeOption(option: Option, say: Say): string {
  const extra: string[] = [];
  if (option.argChoices) extra.push(say('cli.help.choices', { choices: option.argChoices.map((choice) => JSON.stringify(choice)).join(', ') }));
  if (option.defaultValue !== undefined && (option.required || option.optional)) {
    extra.push(say('cli.help.default', { value: option.defaultValueDescription ?? JSON.stringify(option.defaultValue) }));
  }
  if (extra.length === 0) return option.description;
  return [option.description, `(${extra.join(', ')})`].filter(Boolean).join(' ');
}

/**
 * Commander's error message, said again in the operator's words. Commander gives only the
 * English sentence and a code, so the names in it are read back from its quotes; a sentence
 * that does not read as expected is passed on as it is rather than lost.
 */
export function commanderMessage(message: string, code: string | undefined, say: Say): string {
  const quoted = [...message.matchAll(/'([^']*)'/g)].map((match) => match[1] ?? '');
  const suggestion = /\(Did you mean (.+)\?\)/.exec(message)?.[1];
  const withSuggestion = (text: string) => (suggestion ? `${text}\n${say('cli.error.didYouMean', { suggestion })}` : text);
  const first = quoted[0];
  switch (code) {
    case 'commander.unknownOption':
      return first === undefined ? message : withSuggestion(say('cli.error.unknownOption', { flag: first }));
    case 'commander.unknownCommand':
      return first === undefined ? message : withSuggestion(say('cli.error.unknownCommand', { name: first }));
    case 'commander.missingArgument':
      return first === undefined ? message : say('cli.error.missingArgument', { name: first });
    case 'commander.optionMissingArgument':
      return first === undefined ? message : say('cli.error.optionMissingArgument', { flags: first });
    case 'commander.missingMandatoryOptionValue':
      return first === undefined ? message : say('cli.error.missingMandatoryOption', { flags: first });
    case 'commander.excessArguments': {
      const counts = /Expected (\d+) arguments? but got (\d+)/.exec(message);
      return counts ? say('cli.error.excessArguments', { expected: counts[1]!, got: counts[2]! }) : message;
    }
    case 'commander.invalidArgument': {
      const choices = /Allowed choices are (.+)\.$/.exec(message)?.[1];
      const option = /^error: option '([^']*)' argument '([^']*)' is invalid\./.exec(message);
      if (option && choices) return say('cli.error.invalidChoice', { flags: option[1]!, value: option[2]!, choices });
      const argument = /^error: command-argument value '([^']*)' is invalid for argument '([^']*)'\./.exec(message);
      if (argument && choices) return say('cli.error.invalidArgumentChoice', { name: argument[2]!, value: argument[1]!, choices });
      return message;
    }
    default:
      return message;
  }
}
