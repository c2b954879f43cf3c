import type { Content, FieldSchema } from '../api/dataset-types';
import { prettyJson } from '../app/format';
import { ChatMessages } from '../trace/chat-messages';
import { MediaList } from '../trace/media-view';
import { sourceOfUrl, type Media } from '../trace/message-media';
import { chatMessagesOf } from './cell-text';

function mediaOf(value: Content): Media | undefined {
  const ref = value.image ?? value.video ?? value.audio;
  const url = ref?.url ?? ref?.uri;
  if (ref === undefined || url === undefined) return undefined;
  const media: Media = {
    modality: value.content_type === 'image' ? 'image' : 'file',
    source: sourceOfUrl(url),
  };
  return ref.name === undefined ? media : { ...media, name: ref.name };
}

/** A text value as its field reads: chat messages as a chat, JSON pretty, anything else as written. */
function TextValue({
  text,
  field,
  compact,
}: {
  text: string;
  field: FieldSchema | undefined;
  compact: boolean;
}) {
  if (field?.valueType === 'chat_messages') {
    const messages = chatMessagesOf(text);
    if (messages !== undefined) return <ChatMessages messages={messages} label={`${field.name} messages`} />;
  }
  const { pretty, isJson } = prettyJson(text);
  if (isJson && !compact) return <pre className="message-text json">{pretty}</pre>;
  return <span className={isJson ? 'cell-text mono' : 'cell-text'}>{text}</span>;
}

/**
 * One cell: text, JSON, chat messages and images rendered; a value too large for the list says so and offers
 * nothing more here (the item's page fetches it whole).
 */
export function CellView(props: { value: Content | undefined; field?: FieldSchema; compact?: boolean }) {
  const { value } = props;
  const compact = props.compact ?? true;
  if (value === undefined) return <span className="muted">–</span>;
  if (value.content_type === 'multi_part')
    return (
      <div className="multi-part">
        {(value.multi_part ?? []).map((part, i) => (
          <CellView key={i} value={part} compact={compact} />
        ))}
      </div>
    );
  const media = value.content_type === 'text' ? undefined : mediaOf(value);
  if (media !== undefined) return <MediaList media={[media]} />;
  return (
    <>
      <TextValue text={value.text ?? ''} field={props.field} compact={compact} />
      {value.content_omitted === true && (
        <span className="badge muted-badge">truncated, {value.full_content_bytes ?? '?'} bytes in full</span>
      )}
    </>
  );
}
